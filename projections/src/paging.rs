//! Relay-style paging of read-model lists: `first` items after an opaque cursor.

/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: u32 = 100;
/// The deepest position a cursor may point at; crafted cursors beyond it are clamped.
const MAX_OFFSET: i64 = 1_000_000_000;

/// What page of a list to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// How many items at most (capped at [`MAX_PAGE_SIZE`]; 0 means the default of 20).
    pub first: u32,
    /// The cursor of the last item already seen.
    pub after: Option<String>,
}

impl PageRequest {
    /// The SQL `LIMIT`: one more than the page, to learn whether another page follows.
    pub fn limit_plus_one(&self) -> i64 {
        i64::from(self.size()) + 1
    }

    /// The number of items in the page.
    pub fn size(&self) -> u32 {
        match self.first {
            0 => 20,
            n => n.min(MAX_PAGE_SIZE),
        }
    }

    /// The SQL `OFFSET` the cursor stands for. Cursors are positions in the list's order;
    /// an unreadable cursor starts from the top rather than failing the page.
    pub fn offset(&self) -> i64 {
        self.after
            .as_deref()
            .and_then(|cursor| cursor.strip_prefix("o:"))
            .and_then(|n| n.parse::<i64>().ok())
            .map_or(0, |n| n.clamp(-1, MAX_OFFSET) + 1)
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items with their cursors, in the list's order.
    pub items: Vec<(String, T)>,
    /// Whether more items follow.
    pub has_next_page: bool,
}

impl<T> Page<T> {
    /// Builds a page from rows read with `LIMIT request.limit_plus_one() OFFSET request.offset()`.
    pub fn from_rows(request: &PageRequest, mut rows: Vec<T>) -> Self {
        let size = request.size() as usize;
        let has_next_page = rows.len() > size;
        rows.truncate(size);
        let start = request.offset();
        let items = rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| (format!("o:{}", start + i as i64), row))
            .collect();
        Self {
            items,
            has_next_page,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_cuts_the_extra_row_and_numbers_cursors_after_the_previous_page() {
        let request = PageRequest {
            first: 2,
            after: Some("o:1".to_owned()),
        };
        assert_eq!(request.offset(), 2);
        assert_eq!(request.limit_plus_one(), 3);
        let page = Page::from_rows(&request, vec!['c', 'd', 'e']);
        assert!(page.has_next_page);
        assert_eq!(
            page.items,
            vec![("o:2".to_owned(), 'c'), ("o:3".to_owned(), 'd')]
        );
    }

    #[test]
    fn crafted_cursors_cannot_overflow_or_go_negative() {
        for cursor in [
            "o:9223372036854775807",
            "o:-9223372036854775808",
            "o:x",
            "zz",
        ] {
            let request = PageRequest {
                first: 1,
                after: Some(cursor.to_owned()),
            };
            let offset = request.offset();
            assert!((0..=MAX_OFFSET + 1).contains(&offset), "{cursor}: {offset}");
        }
    }

    #[test]
    fn page_sizes_default_to_twenty_and_are_capped() {
        assert_eq!(PageRequest::default().size(), 20);
        let huge = PageRequest {
            first: 10_000,
            after: None,
        };
        assert_eq!(huge.size(), MAX_PAGE_SIZE);
    }
}
