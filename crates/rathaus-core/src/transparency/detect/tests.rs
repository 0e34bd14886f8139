use super::*;

fn kinds_in(text: &str) -> Vec<(Kind, String)> {
    scan(&[text.to_string()]).into_iter().map(|h| (h.kind, h.text)).collect()
}

fn finds(text: &str, kind: Kind, expected: &str) {
    let found = kinds_in(text);
    assert!(
        found.contains(&(kind, expected.to_string())),
        "expected {kind:?} {expected:?} in {text:?}, found {found:?}"
    );
}

#[test]
fn each_detector_finds_its_positives() {
    let positives: &[(&str, Kind, &str)] = &[
        (
            "Rückfragen an jonas.beispielmann@example.org bitte.",
            Kind::Email,
            "jonas.beispielmann@example.org",
        ),
        ("Mail: info+bau@bezirk.example.org.", Kind::Email, "info+bau@bezirk.example.org"),
        (
            "Überweisung auf DE89 3704 0044 0532 0130 00 bis Monatsende.",
            Kind::Iban,
            "DE89 3704 0044 0532 0130 00",
        ),
        ("IBAN DE89370400440532013000", Kind::Iban, "DE89370400440532013000"),
        (
            "IBAN: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX",
            Kind::Iban,
            "DE89 3704 0044 0532 0130 00",
        ),
        ("Steuer-IdNr. 86095742719", Kind::TaxId, "86095742719"),
        ("Steuer-ID: 86 095 742 719.", Kind::TaxId, "86 095 742 719"),
        ("Herr Beispielmann, geb. 14.02.1978, wohnhaft", Kind::BirthDate, "14.02.1978"),
        ("Geburtsdatum: 03.11.1990", Kind::BirthDate, "03.11.1990"),
        ("geboren am 1. 5. 1961 in Kiel", Kind::BirthDate, "1. 5. 1961"),
        ("Telefon 040 428 28-1234 (werktags)", Kind::Phone, "040 428 28-1234"),
        ("mobil +49 171 2345678.", Kind::Phone, "+49 171 2345678"),
        ("Handy 0151/23456789", Kind::Phone, "0151/23456789"),
        ("Tel. (040) 42828-0", Kind::Phone, "(040) 42828-0"),
        ("das Fahrzeug HH-AB 1234 parkte", Kind::LicencePlate, "HH-AB 1234"),
        ("Kennzeichen PI XY 77 wurde", Kind::LicencePlate, "PI XY 77"),
        ("Kfz: HH-E 12E", Kind::LicencePlate, "HH-E 12E"),
        (
            "wohnhaft Beispielweg 12a, 22085 Hamburg",
            Kind::Address,
            "Beispielweg 12a, 22085 Hamburg",
        ),
        ("Baugrundstück Musterstraße 7", Kind::Address, "Musterstraße 7"),
        ("an der Wandsbeker Chaussee 112", Kind::Address, "Wandsbeker Chaussee 112"),
        (
            "Grundstück Max-Brauer-Allee 45–47 in Altona",
            Kind::Address,
            "Max-Brauer-Allee 45–47",
        ),
        ("Am Sandtorkai 3, 20457 Hamburg", Kind::Address, "Am Sandtorkai 3, 20457 Hamburg"),
        ("Antragsteller Herr Jonas Beispielmann beantragt", Kind::Name, "Jonas Beispielmann"),
        ("Frau Dr. Leonie Musterfrau", Kind::Name, "Leonie Musterfrau"),
        ("wie Frau Probst mitteilte", Kind::Name, "Probst"),
        ("vertreten durch Kerstin Probst", Kind::Name, "Kerstin Probst"),
        ("Vorsitzende: Ayşe Yılmaz-Demir", Kind::Name, "Ayşe Yılmaz-Demir"),
        ("Beispielmann, Jonas;Musterweg", Kind::Name, "Beispielmann, Jonas"),
        ("Anna-Lena Testfeld unterschrieb", Kind::Name, "Anna-Lena Testfeld"),
    ];
    for (text, kind, expected) in positives {
        finds(text, *kind, expected);
    }
}

#[test]
fn look_alikes_in_official_texts_are_not_findings() {
    let negatives = [
        "Sitzung vom 12.03.2025, Beginn 08:00 bis 16:00 Uhr.",
        "Drucksache 22/14567 und Az. 21-3/2025 sowie Vertragsnummer V-2025-0412.",
        "Kosten von 1.250.000 Euro (netto 1.050.420,17 €), 12,5 % mehr als 2024.",
        "im Bereich 22767 und 20457; Bebauungsplan Altona 12.",
        "nach DIN EN 1090 und ISO 14001 sowie ISO/IEC 27001 zertifiziert.",
        "gemäß § 3 Abs. 1 Nr. 4 HmbTG und Art. 6 Abs. 1 lit. e DSGVO.",
        "entlang der Max-Brauer-Allee und der Wandsbeker Chaussee.",
        "Der Platz 3 der Rangliste ging an Bergedorf.",
        "PM10: 18 µg/m³, NO2: 31 µg/m³ im Jahresmittel 2025.",
        "Die Projektleitung und das Fachamt tagten im Quartal 3/2025.",
        "EU-DSGVO, U-Bahn-Linie U 3 und S-Bahn S 21.",
        "Haushaltsjahr 2026: Produktgruppe 123456789 Kapitel 4711.",
        "Rufnummer der Behörde siehe Website; Postfach 10 22 33.",
        "im Stadtteil St. Georg Wohnungen gebaut.",
        "Zahlung 2025-03-14 bis 2025-12-31, Kennziffer 86095742718.",
        "Ein Gutachten (Stand: 01.02.2024) liegt vor.",
        "Die Stadt Hamburg und der Bezirk Altona.",
        "Bemessung nach DWA-A 118 und DVGW-W 551, Aktenzeichen M/WBZ/00417/2025.",
    ];
    for text in negatives {
        assert_eq!(kinds_in(text), vec![], "false alarm in {text:?}");
    }
}

#[test]
fn a_finding_knows_its_page_line_and_context() {
    let pages = vec![
        "Seite eins ohne Befund.".to_string(),
        "Zeile eins.\nZeile zwei: Telefon 040 428 28-1234.".to_string(),
    ];
    let hits = scan(&pages);
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].page, hits[0].line), (2, 2));
    assert!(
        hits[0].context.contains("Zeile zwei: Telefon 040 428 28-1234"),
        "{}",
        hits[0].context
    );
}

#[test]
fn an_iban_is_not_also_a_phone_number() {
    let found = kinds_in("Konto DE89 3704 0044 0532 0130 00");
    assert_eq!(found, vec![(Kind::Iban, "DE89 3704 0044 0532 0130 00".to_string())]);
}

#[test]
fn a_number_broken_over_a_line_end_is_still_found() {
    finds(
        "amtliches Kennzeichen HH-\nAB 1234, einschließlich",
        Kind::LicencePlate,
        "HH-\nAB 1234",
    );
    finds("Konto DE89 3704 0044\n0532 0130 00 bei", Kind::Iban, "DE89 3704 0044\n0532 0130 00");
    finds("Herr Jonas\nBeispielmann erhält", Kind::Name, "Jonas\nBeispielmann");
}

#[test]
fn a_column_named_personal_makes_each_of_its_cells_a_finding() {
    let table = "Verein\tGeburtsdatum\tStunden\nTurnerschaft e. V.\t03.11.1990\t240\nSchachclub\t\t12".to_string();
    let hits = scan_table(&[table]);
    let found: Vec<(Kind, &str, usize)> = hits.iter().map(|h| (h.kind, h.text.as_str(), h.line)).collect();
    assert_eq!(found, vec![(Kind::BirthDate, "03.11.1990", 2)]);
}
