//! The closed lists an app is filed under in the wizard (S4 steps 2 and 4) and that the App
//! Gallery filters by (S7).
//!
//! Each list is an enum whose serde form is a stable SCREAMING_SNAKE code, so events and API
//! payloads do not change when a human label is reworded.

use serde::{Deserialize, Serialize};

use super::invalid_value::InvalidValue;

/// Declares one category enum with its codes, human labels and parsing.
///
/// The code given here must equal what `#[serde(rename_all = "SCREAMING_SNAKE_CASE")]` produces
/// for the variant; the tests compare the two so they cannot drift apart.
macro_rules! category {
    (
        $(#[$meta:meta])*
        $name:ident [$count:literal] {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident => $code:literal, $label:literal;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name {
            $(
                $(#[doc = $doc])*
                $variant,
            )+
        }

        impl $name {
            /// Every value, in the order the wizard lists them.
            pub const ALL: [Self; $count] = [$(Self::$variant),+];

            /// The label the spec and the UI use, e.g. for messages and the App Gallery.
            pub fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label,)+
                }
            }

            /// The stable machine code, identical to the serde form.
            pub fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)+
                }
            }

            /// Reads a value from its code or its label, ignoring case and surrounding spaces,
            /// so that both API clients and hand-written forms are understood.
            pub fn parse(input: &str) -> Result<Self, InvalidValue> {
                let wanted = input.trim();
                Self::ALL
                    .into_iter()
                    .find(|value| {
                        value.code().eq_ignore_ascii_case(wanted)
                            || value.label().eq_ignore_ascii_case(wanted)
                    })
                    .ok_or_else(|| {
                        let labels: Vec<&str> = Self::ALL.iter().map(|value| value.label()).collect();
                        InvalidValue::new(format!("must be one of {}", labels.join(", ")))
                    })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

category! {
    /// Where the app runs (S4 step 2). Mobile platforms allow private-use redirect schemes.
    Platform [3] {
        /// A web application.
        Web => "WEB", "Web";
        /// An iPhone or iPad app.
        Ios => "IOS", "iOS";
        /// An Android app.
        Android => "ANDROID", "Android";
    }
}

category! {
    /// Who the app is for (S4 step 4).
    Audience [5] {
        /// Health insurers and other payers.
        Payer => "PAYER", "Payer";
        /// Clinicians and care organisations.
        Provider => "PROVIDER", "Provider";
        /// Pharmaceutical companies and pharmacies.
        Pharma => "PHARMA", "Pharma";
        /// Patients and their caregivers.
        Patient => "PATIENT", "Patient";
        /// Other software developers.
        Developer => "DEVELOPER", "Developer";
    }
}

category! {
    /// What the app is used for (S4 step 4).
    AppUse [5] {
        /// Managing one's own health and therapy.
        HealthAndTherapyManagement => "HEALTH_AND_THERAPY_MANAGEMENT", "Health & Therapy Management";
        /// Coordinating care between providers.
        ProviderCareCoordination => "PROVIDER_CARE_COORDINATION", "Provider Care Coordination";
        /// Applications used in clinical practice.
        ClinicalApplications => "CLINICAL_APPLICATIONS", "Clinical Applications";
        /// Research.
        Research => "RESEARCH", "Research";
        /// Monitoring and analysing data.
        DataMonitoringAnalysis => "DATA_MONITORING_ANALYSIS", "Data Monitoring Analysis";
    }
}

category! {
    /// A FHIR release the app supports (S4 step 4).
    FhirVersion [4] {
        /// FHIR DSTU1 (0.0.82).
        Dstu1 => "DSTU1", "DSTU1";
        /// FHIR DSTU2 (1.0.2).
        Dstu2 => "DSTU2", "DSTU2";
        /// FHIR STU3 (3.0.x).
        Stu3 => "STU3", "STU3";
        /// FHIR R4 (4.0.x).
        R4 => "R4", "R4";
    }
}

category! {
    /// A privacy and security framework the vendor declares compliance with (S4 step 4).
    Compliance [4] {
        /// The US Health Insurance Portability and Accountability Act.
        Hipaa => "HIPAA", "HIPAA";
        /// The EU General Data Protection Regulation.
        Gdpr => "GDPR", "GDPR";
        /// The CARIN Alliance Code of Conduct.
        CarinCodeOfConduct => "CARIN_CODE_OF_CONDUCT", "CARIN Code of Conduct";
        /// The ONC Model Privacy Notice.
        OncModelPrivacyNotice => "ONC_MODEL_PRIVACY_NOTICE", "ONC Model Privacy Notice";
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The serde form of every value, as a bare string.
    fn serde_code<T: Serialize>(value: T) -> String {
        match serde_json::to_value(value).unwrap() {
            serde_json::Value::String(code) => code,
            other => panic!("expected a string, got {other}"),
        }
    }

    #[test]
    fn codes_match_serde_for_every_value() {
        for value in Platform::ALL {
            assert_eq!(serde_code(value), value.code());
        }
        for value in Audience::ALL {
            assert_eq!(serde_code(value), value.code());
        }
        for value in AppUse::ALL {
            assert_eq!(serde_code(value), value.code());
        }
        for value in FhirVersion::ALL {
            assert_eq!(serde_code(value), value.code());
        }
        for value in Compliance::ALL {
            assert_eq!(serde_code(value), value.code());
        }
    }

    #[test]
    fn serde_round_trips() {
        let json = serde_json::to_string(&AppUse::HealthAndTherapyManagement).unwrap();
        assert_eq!(json, "\"HEALTH_AND_THERAPY_MANAGEMENT\"");
        let back: AppUse = serde_json::from_str(&json).unwrap();
        assert_eq!(back, AppUse::HealthAndTherapyManagement);
        assert!(serde_json::from_str::<Platform>("\"iOS\"").is_err());
    }

    #[test]
    fn labels_are_the_spec_labels() {
        assert_eq!(Platform::Ios.label(), "iOS");
        assert_eq!(
            AppUse::HealthAndTherapyManagement.label(),
            "Health & Therapy Management"
        );
        assert_eq!(
            Compliance::CarinCodeOfConduct.label(),
            "CARIN Code of Conduct"
        );
        assert_eq!(FhirVersion::R4.label(), "R4");
        assert_eq!(FhirVersion::Dstu1.code(), "DSTU1");
        assert_eq!(Audience::Pharma.to_string(), "Pharma");
    }

    #[test]
    fn parse_accepts_code_and_label_in_any_case() {
        assert_eq!(Platform::parse("IOS").unwrap(), Platform::Ios);
        assert_eq!(Platform::parse("ios").unwrap(), Platform::Ios);
        assert_eq!(Platform::parse(" iOS ").unwrap(), Platform::Ios);
        assert_eq!(
            AppUse::parse("health & therapy management").unwrap(),
            AppUse::HealthAndTherapyManagement
        );
        assert_eq!(
            AppUse::parse("data_monitoring_analysis").unwrap(),
            AppUse::DataMonitoringAnalysis
        );
        assert_eq!(FhirVersion::parse("stu3").unwrap(), FhirVersion::Stu3);
        assert_eq!(
            Compliance::parse("CARIN_CODE_OF_CONDUCT").unwrap(),
            Compliance::CarinCodeOfConduct
        );
        assert_eq!(Audience::parse("patient").unwrap(), Audience::Patient);
    }

    #[test]
    fn parse_refuses_unknown_values_listing_the_labels() {
        assert_eq!(
            Platform::parse("Windows").unwrap_err().0,
            "must be one of Web, iOS, Android"
        );
        assert_eq!(
            Audience::parse("").unwrap_err().0,
            "must be one of Payer, Provider, Pharma, Patient, Developer"
        );
        assert_eq!(
            AppUse::parse("Health and Therapy").unwrap_err().0,
            "must be one of Health & Therapy Management, Provider Care Coordination, \
             Clinical Applications, Research, Data Monitoring Analysis"
        );
        assert_eq!(
            FhirVersion::parse("R5").unwrap_err().0,
            "must be one of DSTU1, DSTU2, STU3, R4"
        );
        assert_eq!(
            Compliance::parse("SOC2").unwrap_err().0,
            "must be one of HIPAA, GDPR, CARIN Code of Conduct, ONC Model Privacy Notice"
        );
    }

    #[test]
    fn order_follows_the_wizard() {
        let mut sorted = FhirVersion::ALL;
        sorted.sort();
        assert_eq!(sorted, FhirVersion::ALL);
        assert!(Platform::Web < Platform::Android);
    }
}
