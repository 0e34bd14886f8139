//! A procedure's components from a CycloneDX SBOM (JSON, specification 1.3 to 1.5), as
//! SBOM tools write it; read with the CycloneDX project's own Rust library.

use cyclonedx_bom::errors::{BomError, JsonReadError};
use cyclonedx_bom::models::bom::Bom;
use cyclonedx_bom::models::component::Component as CdxComponent;

use super::it_procedure::Component;

/// Why an SBOM gives no components: a message key for the person who uploaded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SbomError {
    /// Not JSON, or not a CycloneDX document.
    NotCycloneDx,
    /// A CycloneDX version the library does not read (e.g. 1.6): export as 1.5.
    Version(String),
    /// No component with a name and a version.
    Empty,
}

impl SbomError {
    pub fn key(&self) -> &'static str {
        match self {
            SbomError::NotCycloneDx => "cockpit-sbom-error-file",
            SbomError::Version(_) => "cockpit-sbom-error-version",
            SbomError::Empty => "cockpit-sbom-error-empty",
        }
    }
}

/// The components read, and how many were left out for want of a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    pub components: Vec<Component>,
    pub without_version: usize,
}

fn walk(list: &[CdxComponent], read: &mut Read) {
    for c in list {
        match c.version.as_ref().map(|v| v.to_string()).filter(|v| !v.trim().is_empty()) {
            Some(version) => {
                let component = Component {
                    name: c.name.to_string(),
                    version,
                    end_of_support: None,
                    purl: c.purl.as_ref().map(|p| p.to_string()),
                    from_sbom: true,
                };
                if !read
                    .components
                    .iter()
                    .any(|k| k.name == component.name && k.version == component.version)
                {
                    read.components.push(component);
                }
            }
            None => read.without_version += 1,
        }
        if let Some(nested) = &c.components {
            walk(&nested.0, read);
        }
    }
}

pub fn read(bytes: &[u8]) -> Result<Read, SbomError> {
    let bom = Bom::parse_from_json(bytes).map_err(|e| match e {
        JsonReadError::BomError {
            error: BomError::UnsupportedSpecVersion(v),
        } if v.contains('.') => SbomError::Version(v.trim_matches('"').to_string()),
        _ => SbomError::NotCycloneDx,
    })?;
    let mut read = Read {
        components: Vec::new(),
        without_version: 0,
    };
    walk(bom.components.as_ref().map_or(&[][..], |c| &c.0), &mut read);
    if read.components.is_empty() {
        return Err(SbomError::Empty);
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_nested_or_not_are_read_once() {
        let bom = br#"{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
            "metadata":{"component":{"type":"application","name":"fachverfahren","version":"2.0"}},
            "components":[
              {"type":"library","name":"django","version":"3.2.25","purl":"pkg:pypi/django@3.2.25","bom-ref":"a"},
              {"type":"library","name":"django","version":"3.2.25","bom-ref":"b"},
              {"type":"library","name":"ohne-version","bom-ref":"c"},
              {"type":"framework","name":"spring","version":"5.3.0","bom-ref":"d",
               "components":[{"type":"library","name":"spring-core","version":"5.3.0","bom-ref":"e"}]}]}"#;
        let read = read(bom).unwrap();
        let names: Vec<&str> = read.components.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["django", "spring", "spring-core"]);
        assert_eq!(read.components[0].purl.as_deref(), Some("pkg:pypi/django@3.2.25"));
        assert_eq!(read.without_version, 1);
    }

    #[test]
    fn what_is_not_a_readable_sbom_is_named() {
        assert_eq!(read(b"kein json"), Err(SbomError::NotCycloneDx));
        assert_eq!(read(br#"{"hello":"world"}"#), Err(SbomError::NotCycloneDx));
        assert_eq!(
            read(br#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[]}"#),
            Err(SbomError::Version("1.6".into()))
        );
        assert_eq!(
            read(br#"{"bomFormat":"CycloneDX","specVersion":"1.5","version":1}"#),
            Err(SbomError::Empty)
        );
    }
}
