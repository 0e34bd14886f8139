# Rathaus — Deutsch (Standardsprache)
skip-to-content = Zum Inhalt springen
brand-sub = Digitales Rathaus
lang-switch-label = Sprache wählen
nav-main-label = Hauptnavigation
nav-home = Startseite
nav-services = Leistungen A–Z
nav-agencies = Behörden
nav-locations = Standorte
nav-search = Suche
breadcrumb-label = Sie sind hier
footer-label = Rechtliches
footer-imprint = Impressum
footer-privacy = Datenschutz
footer-accessibility = Barrierefreiheit
footer-about = Rathaus ist freie Software unter der EUPL-1.2. Alle Daten dieser Demo sind erfunden.
back-home = Zur Startseite

home-title = Behördengänge online erledigen
home-lead = Finden Sie die Leistung, die Sie brauchen: was sie kostet, welche Unterlagen nötig sind und wo Sie sie bekommen.
home-popular = Häufig gesucht
home-all-services = Alle { $count } Leistungen von A bis Z
home-locations = Standorte und Öffnungszeiten

search-title = Suche
search-label = Wonach suchen Sie?
search-hint = Zum Beispiel: Personalausweis, Umzug, Hundesteuer
search-button = Suchen
search-results-title = Suchergebnisse für „{ $query }“
search-count = { $count ->
    [0] Keine Treffer
    [one] 1 Treffer
   *[other] { $count } Treffer
}
search-none = Wir haben keine passende Leistung gefunden. Prüfen Sie die Schreibweise oder versuchen Sie ein anderes Wort.
search-browse = Alle Leistungen von A bis Z ansehen

services-title = Leistungen von A bis Z
services-count = { $count ->
    [one] 1 Leistung
   *[other] { $count } Leistungen
}
services-az = Nach Anfangsbuchstaben springen
filter-audience = Für wen?
filter-agency = Behörde
filter-all = Alle
filter-apply = Filter anwenden
audience-resident = Privatpersonen
audience-business = Unternehmen
tag-online = Online möglich
tag-accessible = Barrierefreier Zugang

service-online-yes = Diese Leistung können Sie online beantragen.
service-online-no = Diese Leistung können Sie noch nicht online beantragen.
service-in-person = Sie müssen dafür persönlich vorsprechen.
service-fee = Gebühr
fee-free = Gebührenfrei
fee-variable = Die Gebühr hängt vom Einzelfall ab.
fee-tiered = Die Gebühr hängt von Ihrem Fall ab:
fee-case = Fall
fee-amount = Betrag
service-processing = Bearbeitungszeit
processing-varies = Das hängt vom Einzelfall ab.
processing-immediate = Sofort, in der Regel beim Termin
processing-days = { $days ->
    [one] etwa 1 Arbeitstag
   *[other] etwa { $days } Arbeitstage
}
service-appointment = Dauer eines Termins
appointment-minutes = etwa { $minutes } Minuten
service-audience = Für wen
service-assurance = Nötige Anmeldung
assurance-low = Servicekonto mit Passwort (Vertrauensniveau niedrig)
assurance-substantial = Servicekonto mit zweitem Faktor (Vertrauensniveau substanziell)
assurance-high = Online-Ausweis (Vertrauensniveau hoch)
service-delivery = So erhalten Sie das Ergebnis
delivery-download = zum Herunterladen im Postfach
delivery-post = per Post
delivery-pickup = zur Abholung
service-legal-basis = Rechtsgrundlage
service-documents = Diese Unterlagen brauchen Sie
service-documents-none = Sie brauchen keine Unterlagen.
service-agency = Zuständige Stelle
service-locations = Hier bekommen Sie diese Leistung vor Ort
service-other-name = Auf Englisch
contact-email = E-Mail
contact-phone = Telefon

agencies-title = Behörden und Ämter
agency-kind-state-agency = Fachbehörde
agency-kind-district-office = Bezirksamt
agency-kind-unit = Amt oder Dienststelle
agency-part-of = gehört zu
agency-services = Leistungen dieser Behörde
agency-locations = Standorte dieser Behörde

locations-title = Standorte
locations-lead = Hier können Sie persönlich vorbeikommen, am besten mit Termin.
location-run-by = Betrieben von
location-accessible = Der Standort ist barrierefrei zugänglich.
location-not-accessible = Der Standort ist nicht barrierefrei zugänglich. Bitte rufen Sie vorher an, wir helfen Ihnen.
location-counters = { $count ->
    [one] 1 Schalter
   *[other] { $count } Schalter
}
location-hours = Öffnungszeiten
location-day = Tag
location-open = Geöffnet
location-services = Leistungen an diesem Standort
hours-closed = geschlossen
hours-today-open = Heute geöffnet: { $hours } Uhr
hours-today-closed = Heute geschlossen
weekday-0 = Montag
weekday-1 = Dienstag
weekday-2 = Mittwoch
weekday-3 = Donnerstag
weekday-4 = Freitag
weekday-5 = Samstag
weekday-6 = Sonntag

imprint-title = Impressum
imprint-p1 = Dies ist eine Demonstration der freien Software Rathaus. Betreiberin einer echten Installation ist die jeweilige Stadt oder Gemeinde; sie trägt hier ihre Anschrift, ihre Vertretung und ihre Kontaktdaten ein.
imprint-p2 = Verantwortlich für den Inhalt (Demo): Stadtverwaltung, Musterstraße 1, 20095 Hamburg, E-Mail: rathaus@example.org.
imprint-p3 = Die Beschreibungen der Leistungen sind Beispieltexte. Verbindlich sind allein die Auskünfte der zuständigen Stelle.
imprint-p4 = Rathaus wird unter der European Union Public Licence (EUPL-1.2) veröffentlicht.

privacy-title = Datenschutz
privacy-p1 = Wir verarbeiten personenbezogene Daten nur, soweit es für die Bereitstellung dieses Angebots und für die von Ihnen gewünschten Verwaltungsleistungen nötig ist (Art. 6 Abs. 1 lit. c und e DSGVO).
privacy-p2 = Beim Aufruf der Seiten speichern wir keine Profile und setzen keine Werbe- oder Analyse-Cookies. Wir setzen ein Cookie für Ihre Sprachwahl und, sobald Sie ein Formular nutzen, ein Sitzungs-Cookie zum Schutz vor missbräuchlichen Anfragen.
privacy-p3 = Alle Schriften, Bilder und Programme werden von diesem Server ausgeliefert. Es werden keine Daten an Dritte übertragen.
privacy-p4 = Hochgeladene Dateien speichern wir verschlüsselt. Jede Datei hat einen eigenen Schlüssel; beim Löschen wird der Schlüssel vernichtet.
privacy-p5 = Zugriffe von Beschäftigten auf Ihre Vorgänge werden protokolliert; das Protokoll ist gegen nachträgliche Änderungen gesichert.
privacy-p6 = Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie auf Beschwerde bei der Datenschutzaufsicht. Kontakt: datenschutz@example.org.

accessibility-title = Erklärung zur Barrierefreiheit
accessibility-p1 = Die Stadt ist bemüht, dieses Angebot im Einklang mit der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen. Grundlage ist die Norm EN 301 549 und damit WCAG 2.1 auf Stufe AA.
accessibility-p2 = Alle Seiten funktionieren ohne JavaScript, mit Tastatur, mit Bildschirmlesern, bei 200 % Vergrößerung und auf kleinen Bildschirmen. Jede Seite wird automatisch auf Barrieren geprüft.
accessibility-known-title = Was noch nicht barrierefrei ist
accessibility-known = Die Beschreibungen vieler Leistungen gibt es noch nicht in Leichter Sprache und nicht auf Englisch. Sie werden dann auf Deutsch angezeigt.
accessibility-enforcement-title = Schlichtungsverfahren
accessibility-enforcement = Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Schlichtungsstelle nach § 16 BGG wenden (www.schlichtungsstelle-bgg.de).
feedback-title = Barriere melden
feedback-intro = Ist Ihnen auf diesen Seiten eine Barriere aufgefallen? Schreiben Sie uns. Wir antworten innerhalb von zwei Wochen, wenn Sie eine E-Mail-Adresse angeben.
feedback-message = Was ist Ihnen aufgefallen?
feedback-message-hint = Beschreiben Sie, auf welcher Seite es war und was nicht funktioniert hat. Höchstens { $max } Zeichen.
feedback-email = E-Mail-Adresse (freiwillig)
feedback-email-hint = Nur wenn Sie eine Antwort möchten.
feedback-submit = Meldung senden
feedback-error-message-missing = Bitte beschreiben Sie die Barriere.
feedback-error-message-short = Bitte beschreiben Sie die Barriere etwas genauer (mindestens 10 Zeichen).
feedback-error-message-long = Ihre Beschreibung ist zu lang. Bitte kürzen Sie sie auf höchstens 5000 Zeichen.
feedback-error-email = Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@example.org – oder lassen Sie das Feld leer.
feedback-thanks-title = Vielen Dank für Ihre Meldung
feedback-thanks-text = Wir haben Ihre Meldung erhalten und leiten sie an die Beauftragte für Barrierefreiheit weiter.
feedback-mail-subject = Neue Meldung einer Barriere
feedback-mail-intro = Über das Formular auf { $page } wurde eine Barriere gemeldet:
feedback-mail-reply-to = Die meldende Person bittet um Antwort an { $email }.
feedback-mail-anonymous = Die Meldung wurde ohne E-Mail-Adresse abgegeben.

form-error-summary = Bitte korrigieren Sie Folgendes
form-error-prefix = Fehler

error-code = Fehlercode
error-400-title = Die Anfrage ist fehlerhaft
error-400-text = Ihr Browser hat eine Anfrage geschickt, die wir nicht verstehen. Bitte laden Sie die Seite neu.
error-403-title = Zugriff verweigert
error-403-text = Sie dürfen diese Aktion nicht ausführen. Wenn Sie ein Formular abgeschickt haben, war es vielleicht zu lange geöffnet: Laden Sie die Seite neu und versuchen Sie es noch einmal. Ihre Eingaben bleiben in Ihrem Browser, wenn Sie zurückgehen.
error-404-title = Seite nicht gefunden
error-404-text = Diese Seite gibt es nicht (mehr). Vielleicht hilft Ihnen die Suche weiter.
error-409-title = Konflikt
error-409-text = Das hat sich in der Zwischenzeit geändert. Bitte laden Sie die Seite neu.
error-413-title = Zu groß
error-413-text = Die gesendeten Daten sind zu groß. Bitte kürzen Sie Ihre Eingabe oder wählen Sie eine kleinere Datei.
error-422-title = Eingabe nicht verarbeitbar
error-422-text = Einige Angaben passen nicht. Bitte prüfen Sie Ihre Eingaben.
error-429-title = Zu viele Anfragen
error-429-text = Sie haben in kurzer Zeit sehr viele Anfragen gestellt. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.
error-500-title = Ein Fehler ist aufgetreten
error-500-text = Das ist unser Fehler, nicht Ihrer. Bitte versuchen Sie es später noch einmal. Ihre bisherigen Angaben sind nicht verloren.
error-503-title = Vorübergehend nicht verfügbar
error-503-text = Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es in wenigen Minuten erneut.

mail-greeting = Guten Tag,
mail-footer = Diese Nachricht wurde automatisch verschickt. Bitte antworten Sie nicht auf diese E-Mail.
mail-test-subject = Test-E-Mail von Rathaus
mail-test-body = Der E-Mail-Versand funktioniert. Diese Nachricht wurde mit „rathaus admin mail-test“ ausgelöst.

# Servicekonto
nav-account = Servicekonto
account-title = Mein Servicekonto
account-email = E-Mail-Adresse
account-password = Passwort
account-password-new = Neues Passwort
account-password-repeat = Passwort wiederholen
account-password-current = Bisheriges Passwort
password-hint = Mindestens 10 Zeichen. Am sichersten sind mehrere Wörter, die nicht zusammengehören.
account-error-name = Bitte geben Sie Ihren Namen an.
account-error-name-long = Ihr Name ist zu lang (höchstens 200 Zeichen).
account-error-email = Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel name@example.org.
password-error-short = Das Passwort muss mindestens 10 Zeichen lang sein.
password-error-long = Das Passwort darf höchstens 128 Zeichen lang sein.
password-error-weak = Dieses Passwort ist zu leicht zu erraten. Wählen Sie zum Beispiel mehrere Wörter, die nicht zusammengehören.
password-error-repeat = Die beiden Passwörter stimmen nicht überein.
password-error-current = Das bisherige Passwort stimmt nicht.
register-title = Servicekonto anlegen
register-lead = Mit einem Servicekonto erledigen Sie Anträge online, bezahlen Gebühren und erhalten Bescheide in Ihr Postfach.
register-name = Vor- und Nachname
register-email-hint = An diese Adresse schicken wir einen Link zur Bestätigung.
register-submit = Konto anlegen
register-have-account = Sie haben schon ein Konto?
register-sent-title = Bitte prüfen Sie Ihr E-Mail-Postfach
register-sent-text = Wir haben Ihnen eine E-Mail geschickt. Öffnen Sie den Link darin, um Ihr Konto zu bestätigen. Der Link gilt 48 Stunden.
confirm-title = E-Mail-Adresse bestätigen
confirm-text = Bestätigen Sie, dass diese E-Mail-Adresse Ihnen gehört.
confirm-submit = Adresse bestätigen
link-expired-title = Dieser Link gilt nicht mehr
link-expired-text = Der Link wurde schon benutzt oder ist abgelaufen. Fordern Sie bitte einen neuen an.
sign-in-title = Anmelden
sign-in-submit = Anmelden
sign-in-error = E-Mail-Adresse oder Passwort stimmen nicht. Prüfen Sie Ihre Eingabe oder setzen Sie Ihr Passwort zurück.
sign-in-info-verified = Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden.
sign-in-info-password = Ihr Passwort ist geändert. Alle Sitzungen wurden beendet. Melden Sie sich mit dem neuen Passwort an.
sign-in-info-signed-out = Sie sind abgemeldet.
sign-in-unverified-title = Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse
sign-in-unverified-text = Ihr Konto ist noch nicht bestätigt. Wir haben Ihnen einen neuen Link geschickt.
sign-out = Abmelden
forgot-title = Passwort vergessen
forgot-lead = Geben Sie die E-Mail-Adresse Ihres Kontos an. Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.
forgot-submit = Link anfordern
forgot-sent-title = Bitte prüfen Sie Ihr E-Mail-Postfach
forgot-sent-text = Wenn es zu dieser Adresse ein Konto gibt, erhalten Sie gleich eine E-Mail mit einem Link. Er gilt eine Stunde.
reset-title = Neues Passwort festlegen
reset-lead = Danach werden alle Sitzungen beendet, auch auf anderen Geräten.
reset-submit = Passwort speichern
change-title = Passwort ändern
change-lead = Nach der Änderung werden alle anderen Sitzungen beendet.
change-submit = Passwort ändern
account-back = Zurück zum Servicekonto
account-level = Vertrauensniveau dieser Sitzung
account-info-password = Ihr Passwort ist geändert. Alle anderen Sitzungen wurden beendet.
account-info-session-ended = Die Sitzung wurde beendet.
account-sessions = Angemeldete Geräte
account-sessions-lead = Hier sind Sie gerade angemeldet. Beenden Sie jede Sitzung, die Sie nicht kennen, und ändern Sie dann Ihr Passwort.
account-session-browser = Browser
account-session-since = Angemeldet seit
account-session-action = Aktion
account-session-this = dieses Gerät
account-session-end = Sitzung beenden
mail-verify-subject = Bitte bestätigen Sie Ihre E-Mail-Adresse
mail-verify-body = Sie haben ein Servicekonto angelegt. Bitte bestätigen Sie Ihre E-Mail-Adresse. Der Link gilt 48 Stunden.
mail-verify-action = Adresse bestätigen
mail-verify-footer = Wenn Sie kein Konto angelegt haben, können Sie diese E-Mail ignorieren.
mail-already-subject = Sie haben bereits ein Servicekonto
mail-already-body = Jemand wollte mit dieser Adresse ein Servicekonto anlegen. Sie haben aber schon eines. Wenn Sie das waren und Ihr Passwort nicht mehr wissen, setzen Sie es zurück.
mail-already-action = Passwort zurücksetzen
mail-already-footer = Wenn Sie das nicht waren, müssen Sie nichts tun. Ihr Konto bleibt unverändert.
mail-reset-subject = Ihr Link für ein neues Passwort
mail-reset-body = Sie haben ein neues Passwort angefordert. Der Link gilt eine Stunde und funktioniert nur einmal.
mail-reset-action = Neues Passwort festlegen
mail-reset-footer = Wenn Sie das nicht waren, können Sie diese E-Mail ignorieren. Ihr Passwort bleibt unverändert.
mail-no-account-subject = Zu dieser Adresse gibt es kein Servicekonto
mail-no-account-body = Jemand wollte für diese Adresse ein neues Passwort festlegen. Zu dieser Adresse gibt es aber kein Servicekonto.
mail-no-account-action = Servicekonto anlegen
mail-no-account-footer = Wenn Sie das nicht waren, müssen Sie nichts tun.
mail-new-device-subject = Neue Anmeldung bei Ihrem Servicekonto
mail-new-device-body = Soeben hat sich jemand auf einem neuen Gerät bei Ihrem Servicekonto angemeldet.
mail-new-device-action = Angemeldete Geräte ansehen
mail-new-device-footer = Wenn Sie das nicht waren, beenden Sie die Sitzung und ändern Sie sofort Ihr Passwort.
