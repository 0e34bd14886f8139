### Rathaus — Leichte Sprache. Jeder Text der Oberfläche, in der Reihenfolge der deutschen Datei.

skip-to-content = Zum Inhalt
brand-sub = Das Rathaus im Internet
lang-switch-label = Sprache wählen
nav-main-label = Haupt·menü
nav-home = Start·seite
nav-services = Alle Angebote
nav-agencies = Ämter
nav-locations = Orte
nav-search = Suchen
nav-appointments = Termin machen
breadcrumb-label = Hier sind Sie gerade
footer-label = Wichtige Hinweise
footer-imprint = Impressum
footer-privacy = Datenschutz
footer-accessibility = Barriere·freiheit
footer-about = Rathaus ist freie Software. Das heißt: Alle dürfen das Programm benutzen und verändern. Die Regeln dafür heißen: EUPL-1.2. Diese Seite ist nur zum Ausprobieren. Alle Daten hier sind ausgedacht.
back-home = Zur Start·seite
home-title = Zum Amt gehen – im Internet
home-lead = Hier finden Sie Angebote von der Stadt. Sie sehen: Was kostet das? Was brauchen Sie dafür? Wo bekommen Sie das?
home-popular = Das suchen viele Menschen
home-all-services = Alle { $count } Angebote von A bis Z
home-locations = Hier können Sie hingehen
search-title = Suchen
search-label = Was suchen Sie?
search-hint = Zum Beispiel: Ausweis. Oder: Umzug.
search-button = Suchen
search-results-title = Sie haben gesucht: „{ $query }“
search-count =
    { $count ->
        [0] Wir haben nichts gefunden.
        [one] 1 Ergebnis
       *[other] { $count } Ergebnisse
    }
search-none = Wir haben nichts gefunden. Bitte versuchen Sie ein anderes Wort.
search-browse = Alle Angebote von A bis Z ansehen
services-title = Angebote von A bis Z
services-count =
    { $count ->
        [one] 1 Angebot
       *[other] { $count } Angebote
    }
services-az = Zum Anfangs·buchstaben gehen
filter-audience = Für wen?
filter-agency = Amt
filter-all = Alle
filter-apply = Auswahl anzeigen
audience-resident = Privat·personen
audience-business = Firmen
tag-online = Geht im Internet
tag-accessible = Eingang ohne Stufen
service-online-yes = Das können Sie im Internet machen.
service-online-no = Das können Sie noch nicht im Internet machen.
service-in-person = Sie müssen dafür zum Amt gehen.
service-apply-elsewhere = Der Antrag ist auf einer anderen Internet·seite. Die Seite heißt: { $host }.
service-ahead-title = Vorher im Internet ausfüllen
service-ahead-text = Sie müssen selbst ins Amt kommen. Aber Sie können Ihre Angaben vorher im Internet machen. Dann geht es im Amt schneller. Danach machen Sie einen Termin. Zum Termin bringen Sie Ihre Unterlagen mit.
service-ahead-start = Vorher im Internet ausfüllen
service-how-instead = So können Sie es machen
service-instead-call = Sie können anrufen
service-instead-write = Sie können eine E-Mail schreiben
service-fee =
    { $charge ->
        [tax] Diese Steuer zahlen Sie
       *[other] Das kostet es
    }
fee-free = Das kostet nichts.
fee-variable =
    { $charge ->
        [tax] Wie hoch ist die Steuer? Das ist bei jedem Fall anders.
       *[other] Wie hoch ist die Gebühr? Das ist bei jedem Fall anders.
    }
fee-tiered =
    { $charge ->
        [tax] So hoch ist die Steuer. Es kommt auf Ihren Fall an:
       *[other] So hoch ist die Gebühr. Es kommt auf Ihren Fall an:
    }
fee-case = Fall
fee-amount = Kosten
service-processing = So lange dauert es
processing-varies = Das ist bei jedem Fall anders.
processing-immediate = Sofort. Meistens schon beim Termin.
processing-days =
    { $days ->
        [one] ungefähr 1 Arbeits·tag
       *[other] ungefähr { $days } Arbeits·tage
    }
service-appointment = So lange dauert der Termin
appointment-minutes = ungefähr { $minutes } Minuten
service-audience = Für wen
service-assurance = So melden Sie sich an
assurance-low = Service·konto mit Passwort. Vertrauens·niveau: niedrig
assurance-substantial = Service·konto mit extra Sicherung. Vertrauens·niveau: substanziell. Das heißt: mittel.
assurance-high = Online-Ausweis. Vertrauens·niveau: hoch
service-delivery = So bekommen Sie das Ergebnis
delivery-download = im Post·fach zum Herunterladen
delivery-post = mit der Post
delivery-pickup = zum Abholen
service-legal-basis = Diese Gesetze gelten
service-documents = Das müssen Sie mitbringen
service-steps = So geht es: Schritt für Schritt
service-documents-none = Sie brauchen keine Papiere.
service-agency = Dieses Amt kümmert sich darum
service-locations = Hier können Sie hingehen
service-other-name = Auf Englisch
contact-email = E-Mail
contact-phone = Telefon
agencies-title = Ämter
agency-kind-state-agency = Fach·behörde
agency-kind-district-office = Bezirks·amt
agency-kind-unit = Amt oder Abteilung
agency-part-of = gehört zu
agency-services = Angebote von diesem Amt
agency-locations = Orte von diesem Amt
locations-title = Orte
locations-lead = Hier können Sie hingehen. Machen Sie am besten vorher einen Termin.
location-run-by = Gehört zu
location-accessible = Sie kommen ohne Stufen hinein.
location-not-accessible = Dieser Ort ist nicht barriere·frei. Das heißt: Manche Menschen kommen nur schwer hinein. Zum Beispiel mit einem Roll·stuhl. Bitte rufen Sie vorher an. Dann helfen wir Ihnen.
location-counters =
    { $count ->
        [one] 1 Schalter
       *[other] { $count } Schalter
    }
location-hours = Öffnungs·zeiten
location-day = Tag
location-open = Offen
location-services = Angebote an diesem Ort
hours-closed = geschlossen
hours-today-open = Heute offen: { $hours } Uhr
hours-today-closed = Heute ist geschlossen.
weekday-0 = Montag
weekday-1 = Dienstag
weekday-2 = Mittwoch
weekday-3 = Donnerstag
weekday-4 = Freitag
weekday-5 = Samstag
weekday-6 = Sonntag
imprint-title = Impressum
imprint-p1 = Diese Seite ist eine Demo von dem Programm Rathaus. Demo heißt: Die Seite ist nur zum Ausprobieren. Rathaus ist freie Software. Eine Stadt oder eine Gemeinde kann Rathaus benutzen. Dann schreibt die Stadt hier ihre Adresse. Sie schreibt auch: Wer vertritt die Stadt? Zum Beispiel die Bürger·meisterin. Und sie schreibt: So erreichen Sie die Stadt.
imprint-p2 = Für den Inhalt von dieser Demo ist verantwortlich: Stadtverwaltung, Musterstraße 1, 20095 Hamburg. E-Mail: rathaus@example.org.
imprint-p3 = Die Texte über die Angebote sind nur Beispiele. Was wirklich gilt, sagt Ihnen das zuständige Amt.
imprint-p4 = Rathaus hat eine Lizenz. Eine Lizenz sind Regeln: So dürfen Sie das Programm benutzen. Die Lizenz von Rathaus heißt: European Union Public Licence (EUPL-1.2).
privacy-title = Datenschutz
privacy-p1 = Wir benutzen Daten über Sie nur, wenn wir die Daten brauchen. Wir brauchen die Daten für diese Internet·seite. Und für die Angebote vom Amt, die Sie haben wollen. Das erlaubt ein Gesetz: die Datenschutz-Grundverordnung (DSGVO), Artikel 6, Absatz 1, Buchstaben c und e.
privacy-p2 = Sie sehen sich unsere Seiten an. Dabei speichern wir keine Profile von Ihnen. Das heißt: Wir sammeln nicht, was Sie hier machen. Wir benutzen keine Cookies für Werbung. Und keine Cookies, die Sie beobachten. Ein Cookie ist eine kleine Datei in Ihrem Browser. Wir benutzen nur 2 Cookies. Das 1. Cookie merkt sich Ihre Sprache. Das 2. Cookie heißt: Sitzungs-Cookie. Wir benutzen es, sobald Sie ein Formular benutzen. Es schützt vor Missbrauch. Zum Beispiel vor falschen Anfragen.
privacy-p3 = Alle Schriften, Bilder und Programme kommen von unserem eigenen Computer. Der Computer heißt: Server. Wir schicken keine Daten an andere Firmen oder andere Menschen.
privacy-p4 = Sie können uns Dateien schicken. Wir speichern diese Dateien verschlüsselt. Verschlüsselt heißt: Man kann die Datei nur mit einem Schlüssel lesen. Jede Datei hat einen eigenen Schlüssel. Löschen wir eine Datei? Dann zerstören wir auch den Schlüssel.
privacy-p5 = Manchmal sehen Mitarbeiter vom Amt Ihre Anträge an. Das Programm schreibt das jedes Mal auf. Diese Liste heißt: Protokoll. Das Protokoll ist geschützt. Niemand kann es später ändern.
privacy-p6 = Sie haben Rechte. Sie dürfen fragen: Welche Daten haben Sie über mich? Sie dürfen falsche Daten verbessern lassen. Sie dürfen Daten löschen lassen. Sie dürfen verlangen: Wir benutzen Ihre Daten erst einmal nicht mehr. Wir speichern sie nur. Und Sie dürfen sich beschweren. Dafür gibt es die Datenschutz·aufsicht. Das ist ein Amt. Es passt auf den Datenschutz auf. So erreichen Sie uns: datenschutz@example.org.
accessibility-title = Erklärung zur Barriere·freiheit
accessibility-p1 = Die Stadt gibt sich Mühe: Alle Menschen sollen diese Internet·seite gut benutzen können. Auch Menschen mit Behinderung. Das heißt: barriere·frei. Dafür gibt es eine Verordnung. Eine Verordnung ist eine Art Gesetz. Sie heißt: Barrierefreie-Informationstechnik-Verordnung (BITV 2.0). Die Stadt richtet sich nach der Norm EN 301 549. Eine Norm ist eine Sammlung von Regeln. Zu dieser Norm gehören die Regeln WCAG 2.1 auf Stufe AA.
accessibility-p2 = Alle Seiten funktionieren ohne JavaScript. JavaScript ist eine Technik für Internet·seiten. Sie können alle Seiten mit der Tastatur benutzen. Sie können alle Seiten mit einem Bildschirm·leser benutzen. Ein Bildschirm·leser liest vor, was auf dem Bildschirm steht. Sie können die Seiten auf 200 % vergrößern. Das heißt: doppelt so groß. Die Seiten funktionieren auch auf kleinen Bildschirmen. Zum Beispiel auf dem Handy. Ein Computer·programm prüft jede Seite auf Barrieren. Barrieren sind Hindernisse.
accessibility-known-title = Das ist noch nicht barriere·frei
accessibility-known = Die Gesetze zu den Angeboten stehen nur auf normalem Deutsch da. Auch die Bescheide vom Amt sind auf normalem Deutsch. Dieser Text ist schwerer zu lesen.
accessibility-enforcement-title = Schlichtungs·verfahren
accessibility-enforcement = Sie haben uns eine Barriere gemeldet? Und Sie sind mit unserer Antwort nicht zufrieden? Oder Sie haben keine Antwort bekommen? Dann können Sie sich an die Schlichtungs·stelle wenden. Die Schlichtungs·stelle hilft bei Streit. Sie sucht mit Ihnen und der Stadt eine Lösung. Das steht im Gesetz: Paragraf 16 Behinderten·gleichstellungs·gesetz (BGG). Die Internet·seite ist: www.schlichtungsstelle-bgg.de
feedback-title = Etwas ist schwer zu benutzen
feedback-intro = Ist etwas auf dieser Seite schwer für Sie? Schreiben Sie uns.
feedback-message = Was ist Ihnen aufgefallen?
feedback-message-hint = Schreiben Sie: Auf welcher Seite war das? Was hat nicht geklappt? Sie können höchstens { $max } Zeichen schreiben.
feedback-email = E-Mail-Adresse – nur wenn Sie wollen
feedback-email-hint = Sie wollen eine Antwort? Dann schreiben Sie hier Ihre E-Mail-Adresse.
feedback-submit = Meldung schicken
feedback-error-message-missing = Das Feld ist leer. Bitte schreiben Sie: Was ist schwer zu benutzen?
feedback-error-message-short = Ihr Text ist zu kurz. Bitte schreiben Sie genauer, was schwer ist. Sie brauchen mindestens 10 Zeichen.
feedback-error-message-long = Ihr Text ist zu lang. Sie dürfen höchstens 5000 Zeichen schreiben. Bitte machen Sie den Text kürzer.
feedback-error-email = Die E-Mail-Adresse stimmt nicht. Bitte prüfen Sie die Adresse. So sieht eine E-Mail-Adresse aus: name@example.org. Sie können das Feld auch leer lassen.
feedback-thanks-title = Danke für Ihre Meldung
feedback-thanks-text = Wir haben Ihre Meldung bekommen. Wir geben die Meldung an die Beauftragte für Barriere·freiheit weiter. Das ist eine Frau bei der Stadt. Sie kümmert sich um Barriere·freiheit.
feedback-mail-subject = Neue Meldung über eine Barriere
feedback-mail-intro = Jemand hat eine Barriere gemeldet. Die Person hat das Formular auf dieser Seite benutzt: { $page }. Das ist die Meldung:
feedback-mail-reply-to = Die Person möchte eine Antwort. Bitte schreiben Sie an: { $email }
feedback-mail-anonymous = Die Person hat keine E-Mail-Adresse geschrieben.
form-error-summary = Bitte verbessern Sie diese Angaben
form-error-prefix = Fehler
error-code = Fehler·code
error-400-title = Das hat nicht geklappt
error-400-text = Bitte laden Sie die Seite neu.
error-401-title = Bitte melden Sie sich an
error-401-text = Melden Sie sich mit Ihrem Servicekonto an. Dann versuchen Sie es noch einmal.
error-402-title = Sie müssen erst bezahlen
error-402-text = Es gibt eine Gebühr. Bezahlen Sie die Gebühr. Dann geht es weiter.
error-403-title = Das dürfen Sie nicht
error-403-text = Bitte laden Sie die Seite neu. Dann versuchen Sie es noch einmal.
error-404-title = Diese Seite gibt es nicht
error-404-text = Vielleicht hilft die Suche.
error-409-title = Das hat sich geändert
error-409-text = Jemand hat das in der Zwischenzeit geändert. Bitte laden Sie die Seite neu.
error-410-title = Das gibt es nicht mehr
error-410-text = Das Angebot ist vorbei. Bitte suchen Sie noch einmal.
error-413-title = Das ist zu groß
error-413-text = Die Datei ist zu groß. Nehmen Sie eine kleinere Datei.
error-413-limit = Die Datei ist zu groß. Erlaubt sind höchstens { $mb } MB. Nehmen Sie eine kleinere Datei. Oder schicken Sie die Dateien einzeln.
error-422-title = Bitte prüfen Sie Ihre Angaben
error-422-text = Etwas passt nicht. Bitte prüfen Sie Ihre Angaben.
error-429-title = Zu viele Versuche
error-429-text = Bitte warten Sie kurz. Dann versuchen Sie es noch einmal.
error-500-title = Es gibt ein Problem
error-500-text = Das ist unser Fehler. Bitte versuchen Sie es später noch einmal.
error-503-title = Gerade geht es nicht
error-503-text = Bitte versuchen Sie es in ein paar Minuten noch einmal.
mail-greeting = Guten Tag,
mail-footer = Ein Computer hat diese Nachricht geschickt. Bitte antworten Sie nicht auf diese E-Mail.
mail-test-subject = Test-E-Mail von Rathaus
mail-test-body = Rathaus kann E-Mails verschicken. Das klappt. Jemand hat diese Nachricht mit dem Befehl „rathaus admin mail-test“ geschickt.
nav-account = Service·konto
account-title = Mein Service·konto
account-email = E-Mail-Adresse
account-password = Passwort
account-password-new = Neues Passwort
account-password-repeat = Passwort noch einmal
account-password-current = Ihr jetziges Passwort
password-hint = Das Passwort braucht mindestens 10 Zeichen. Am sichersten sind mehrere Wörter. Die Wörter sollen nicht zusammen·passen. Zum Beispiel: Apfel Wolke Fahrrad Lampe. Nehmen Sie aber eigene Wörter.
account-error-name = Das Feld für den Namen ist leer. Bitte schreiben Sie Ihren Namen.
account-error-name-long = Ihr Name ist zu lang. Sie dürfen höchstens 200 Zeichen schreiben. Bitte schreiben Sie den Namen kürzer.
account-error-email = Die E-Mail-Adresse stimmt nicht. Bitte prüfen Sie die Adresse. So sieht eine E-Mail-Adresse aus: name@example.org.
password-error-short = Das Passwort ist zu kurz. Es braucht mindestens 10 Zeichen. Bitte nehmen Sie ein längeres Passwort.
password-error-long = Das Passwort ist zu lang. Es darf höchstens 128 Zeichen haben. Bitte nehmen Sie ein kürzeres Passwort.
password-error-weak = Dieses Passwort ist zu leicht. Andere Menschen können es leicht erraten. Nehmen Sie zum Beispiel mehrere Wörter. Die Wörter sollen nicht zusammen·passen.
password-error-repeat = Die 2 Passwörter sind verschieden. Bitte schreiben Sie 2 Mal das gleiche Passwort.
password-error-current = Ihr jetziges Passwort ist falsch. Bitte schreiben Sie es noch einmal.
register-title = Service·konto anlegen
register-lead = Mit einem Service·konto können Sie Anträge im Internet stellen. Sie können Gebühren bezahlen. Und Sie bekommen Briefe vom Amt in Ihr Post·fach.
register-name = Vor·name und Nach·name
register-email-hint = An diese Adresse schicken wir Ihnen einen Link. Mit dem Link bestätigen Sie Ihre Adresse.
register-submit = Konto anlegen
register-have-account = Sie haben schon ein Service·konto?
register-sent-title = Bitte sehen Sie in Ihre E-Mails
register-sent-text = Wir haben Ihnen eine E-Mail geschickt. In der E-Mail ist ein Link. Öffnen Sie den Link. Dann ist Ihr Konto bestätigt. Der Link funktioniert 48 Stunden lang. Das sind 2 Tage.
confirm-title = E-Mail-Adresse bestätigen
confirm-text = Bitte bestätigen Sie: Das ist Ihre E-Mail-Adresse.
confirm-submit = Adresse bestätigen
link-expired-title = Dieser Link funktioniert nicht mehr
link-expired-text = Vielleicht haben Sie den Link schon benutzt. Oder der Link ist zu alt. Bitte lassen Sie sich einen neuen Link schicken.
sign-in-title = Anmelden
sign-in-submit = Anmelden
sign-in-error = Die Anmeldung hat nicht geklappt. Vielleicht ist die E-Mail-Adresse falsch. Oder das Passwort ist falsch. Oder Sie haben Ihre Adresse noch nicht bestätigt. Bitte prüfen Sie Ihre Eingabe. Oder setzen Sie Ihr Passwort zurück. Haben Sie gerade ein Service·konto angelegt? Dann bestätigen Sie zuerst Ihre Adresse. Dafür ist der Link in unserer E-Mail. Sie melden sich an? Dann schicken wir Ihnen den Link noch einmal.
sign-in-info-verified = Ihre E-Mail-Adresse ist bestätigt. Sie können sich jetzt anmelden.
sign-in-info-password = Sie haben jetzt ein neues Passwort. Sie sind auf allen Geräten abgemeldet. Melden Sie sich mit dem neuen Passwort an.
sign-in-info-signed-out = Sie sind abgemeldet.
sign-out = Abmelden
forgot-title = Passwort vergessen
forgot-lead = Schreiben Sie die E-Mail-Adresse von Ihrem Service·konto. Wir schicken Ihnen einen Link. Mit dem Link wählen Sie ein neues Passwort.
forgot-submit = Link schicken
forgot-sent-title = Bitte sehen Sie in Ihre E-Mails
forgot-sent-text = Gibt es ein Service·konto mit dieser Adresse? Dann bekommen Sie gleich eine E-Mail. In der E-Mail ist ein Link. Der Link funktioniert 1 Stunde lang.
reset-title = Neues Passwort wählen
reset-lead = Danach sind Sie überall abgemeldet. Auch auf anderen Geräten.
reset-submit = Passwort speichern
change-title = Passwort ändern
change-lead = Danach sind Sie auf allen anderen Geräten abgemeldet.
change-submit = Passwort ändern
account-back = Zurück zum Service·konto
account-level = So sicher ist diese Anmeldung
account-info-password = Sie haben jetzt ein neues Passwort. Sie sind auf allen anderen Geräten abgemeldet.
account-info-session-ended = Das Gerät ist jetzt abgemeldet.
account-sessions = Angemeldete Geräte
account-sessions-lead = Auf diesen Geräten sind Sie gerade angemeldet. Kennen Sie ein Gerät nicht? Dann melden Sie das Gerät ab. Danach ändern Sie Ihr Passwort.
account-session-browser = Browser
account-session-since = Angemeldet seit
account-session-action = Was tun?
account-session-this = dieses Gerät
account-session-end = Gerät abmelden
mail-verify-subject = Bitte bestätigen Sie Ihre E-Mail-Adresse
mail-verify-body = Sie haben ein Service·konto angelegt. Bitte bestätigen Sie jetzt Ihre E-Mail-Adresse. Dafür ist der Link. Der Link funktioniert 48 Stunden lang. Das sind 2 Tage.
mail-verify-action = Adresse bestätigen
mail-verify-footer = Sie haben kein Service·konto angelegt? Dann müssen Sie nichts tun.
mail-already-subject = Sie haben schon ein Service·konto
mail-already-body = Jemand wollte mit dieser E-Mail-Adresse ein Service·konto anlegen. Aber Sie haben schon ein Service·konto. Waren Sie das? Und Sie wissen Ihr Passwort nicht mehr? Dann setzen Sie Ihr Passwort zurück. Danach wählen Sie ein neues Passwort.
mail-already-action = Passwort zurücksetzen
mail-already-footer = Das waren nicht Sie? Dann müssen Sie nichts tun. Ihr Konto bleibt, wie es ist.
mail-reset-subject = Ihr Link für ein neues Passwort
mail-reset-body = Sie wollen ein neues Passwort. Dafür ist der Link. Der Link funktioniert 1 Stunde lang. Sie können den Link nur 1 Mal benutzen.
mail-reset-action = Neues Passwort wählen
mail-reset-footer = Das waren nicht Sie? Dann müssen Sie nichts tun. Ihr Passwort bleibt, wie es ist.
mail-no-account-subject = Für diese Adresse gibt es kein Service·konto
mail-no-account-body = Jemand wollte für diese E-Mail-Adresse ein neues Passwort. Aber für diese Adresse gibt es kein Service·konto.
mail-no-account-action = Service·konto anlegen
mail-no-account-footer = Das waren nicht Sie? Dann müssen Sie nichts tun.
mail-new-device-subject = Neue Anmeldung bei Ihrem Service·konto
mail-new-device-body = Gerade hat sich jemand bei Ihrem Service·konto angemeldet. Das war auf einem neuen Gerät.
mail-new-device-action = Angemeldete Geräte ansehen
mail-new-device-footer = Das waren nicht Sie? Dann melden Sie das Gerät sofort ab. Und ändern Sie sofort Ihr Passwort.
profile-title = Ihre Daten
profile-lead = Wir können diese Angaben in Formulare schreiben. Dann müssen Sie weniger schreiben. Das machen wir nur, wenn Sie es im Formular erlauben.
profile-given-name = Vor·name
profile-family-name = Nach·name
profile-birth-date = Geburts·datum
profile-birth-hint = Zum Beispiel: 27 3 1985
profile-street = Straße und Haus·nummer
profile-postcode = Post·leit·zahl
profile-city = Ort
profile-phone = Telefon
profile-phone-hint = Haben wir Fragen zu Ihrem Antrag? Dann können wir Sie anrufen.
profile-language = Sprache für E-Mails und Briefe vom Amt
profile-verified = bestätigt mit dem Online-Ausweis
profile-self-entered = Bei manchen Angaben steht: „bestätigt“. Alle anderen Angaben haben Sie selbst geschrieben.
profile-submit = Daten speichern
profile-error-required = Das Feld ist leer. Bitte füllen Sie das Feld aus.
profile-error-too-long = Diese Angabe ist zu lang. Bitte schreiben Sie weniger.
profile-error-postcode = Die Post·leit·zahl stimmt nicht. Sie hat 5 Zahlen. Zum Beispiel: 20095.
profile-error-phone = Die Telefon·nummer stimmt nicht. Sie braucht 6 bis 15 Zahlen. Zum Beispiel: 040 555 1100.
profile-error-date = Das Datum stimmt nicht. Bitte schreiben Sie ein richtiges Datum. Sie brauchen: Tag, Monat und Jahr.
profile-error-date-year = Das Jahr stimmt nicht. Das Jahr hat 4 Zahlen. Zum Beispiel: 1985.
profile-error-date-future = Das Geburts·datum ist in der Zukunft. Bitte prüfen Sie das Datum. Das Geburts·datum muss vor heute sein.
date-day = Tag
date-month = Monat
date-year = Jahr
account-info-profile = Ihre Daten sind gespeichert.
back-to-account = Zurück zum Service·konto
back-to-security = Zurück zu Sicherheit
remove = Entfernen
account-security-link = Sicherheit: extra Sicherung, Passkeys und Anmeldungen
second-factor-title = Anmeldung bestätigen
second-factor-lead-sign-in = Ihr Passwort ist richtig. Jetzt brauchen wir noch den Code. Dann wissen wir: Sie sind es wirklich.
second-factor-lead-step-up = Für diese Seite brauchen wir mehr Sicherheit. Geben Sie bitte den Code ein. Danach geht es weiter.
second-factor-none = Ihr Konto hat noch keine extra Sicherung. Man nennt das auch: zweiter Faktor. Richten Sie eine Authenticator-App ein. Das ist eine App auf Ihrem Handy. Sie zeigt Codes für die Anmeldung. Oder richten Sie einen Passkey ein.
second-factor-code = Code
second-factor-code-hint = Den Code sehen Sie in der App auf Ihrem Handy. Er hat 6 Zahlen.
second-factor-submit = Bestätigen
second-factor-error = Der Code ist falsch. Nehmen Sie bitte den neuen Code aus der App.
security-title = Sicherheit
security-lead = Hier machen Sie Ihr Konto sicherer.
security-never = noch nie
security-info-totp-removed = Die Authenticator-App ist jetzt entfernt.
security-info-passkey-removed = Der Passkey ist jetzt entfernt.
security-info-passkey-added = Der Passkey ist eingerichtet. Sie können sich jetzt mit dem Passkey anmelden.
security-method-password = Passwort
security-method-totp = Passwort und Authenticator-App
security-method-recovery-code = Passwort und Wiederherstellungs·code
security-method-passkey = Passkey
security-method-eid = Online-Ausweis
security-outcome-success = hat geklappt
security-outcome-wrong-password = falsches Passwort
security-outcome-second-factor-failed = falscher Code
passkeys-title = Passkeys
passkeys-lead = Ein Passkey ist ein Schlüssel auf Ihrem Handy oder Computer. Sie brauchen dann kein Passwort. Sie nehmen Ihren Finger·abdruck oder Ihre PIN.
passkey-name = Name für den Passkey
passkey-name-hint = Dann erkennen Sie den Passkey wieder. Zum Beispiel: „Mein Handy“
passkey-created = Eingerichtet
passkey-last-used = Zuletzt benutzt
passkey-add = Passkey einrichten
passkey-needs-js = Für einen Passkey braucht Ihr Browser JavaScript. JavaScript ist eine Technik für Internet·seiten. Bitte schalten Sie JavaScript in Ihrem Browser ein.
passkey-working = Bitte machen Sie, was Ihr Browser Ihnen zeigt …
passkey-cancelled = Das ist abgebrochen. Sie können es noch einmal versuchen.
passkey-unavailable = Hier können Sie keine Passkeys benutzen. Unser Server ist dafür nicht eingerichtet. Ein Server ist der Computer für diese Internet·seite.
passkey-error-step-up = Bitte bestätigen Sie zuerst Ihre Anmeldung. Nehmen Sie dafür Ihre extra Sicherung. Zum Beispiel den Code aus der App.
passkey-error-expired = Das hat zu lange gedauert. Bitte versuchen Sie es noch einmal.
passkey-error-refused = Wir konnten den Passkey nicht einrichten. Bitte versuchen Sie es noch einmal.
passkey-error-duplicate = Diesen Passkey haben Sie schon eingerichtet. Sie können ihn schon benutzen.
passkey-error-sign-in = Die Anmeldung mit dem Passkey hat nicht geklappt. Bitte versuchen Sie es noch einmal. Oder melden Sie sich mit Ihrem Passwort an.
passkey-sign-in-title = Mit Passkey anmelden
passkey-sign-in-lead = Sie brauchen kein Passwort. Ihr Gerät fragt nach Ihrem Finger·abdruck oder Ihrer PIN.
passkey-sign-in-button = Mit Passkey anmelden
totp-title = Authenticator-App
totp-lead = Eine App auf Ihrem Handy zeigt einen Code. Der Code ändert sich alle 30 Sekunden. Sie geben den Code nach dem Passwort ein.
totp-add = Authenticator-App einrichten
totp-continue = Weiter einrichten
totp-active-since = Eingerichtet am { $since }.
totp-remove = Authenticator-App entfernen
totp-step-app = Öffnen Sie eine Authenticator-App auf Ihrem Handy. Zum Beispiel: FreeOTP oder Aegis. Die App zeigt Codes für die Anmeldung.
totp-step-scan = Scannen Sie diesen QR-Code mit der App. Das heißt: Halten Sie die Kamera von Ihrem Handy auf das Bild.
totp-step-manual = Oder tippen Sie diesen Schlüssel in die App:
totp-step-code = Die App zeigt jetzt einen Code. Geben Sie diesen Code hier ein.
totp-code-hint = 6 Zahlen
totp-submit = App bestätigen
totp-error-code = Der Code ist falsch. Prüfen Sie: Stimmt die Uhr·zeit auf Ihrem Handy? Nehmen Sie dann den neuen Code aus der App.
totp-added = Die Authenticator-App ist eingerichtet.
recovery-title = Wiederherstellungs·codes
recovery-lead = Mit diesen Codes kommen Sie in Ihr Konto. Das ist wichtig, wenn Ihr Handy weg ist. Jeder Code geht nur 1 Mal. Drucken Sie die Codes aus. Heben Sie sie gut auf.
recovery-once = Sie sehen die Codes nur jetzt. Machen Sie später neue Codes? Dann gelten die alten Codes nicht mehr.
recovery-done = Ich habe die Codes gut aufgehoben
recovery-left = So viele Codes können Sie noch benutzen: { $count }
recovery-renew = Neue Wiederherstellungs·codes machen
history-title = Anmeldungen
history-lead = Hier sehen Sie: Wann hat sich jemand bei Ihrem Konto angemeldet? Wir speichern das { $days } Tage.
history-empty = Es gibt noch keine Anmeldungen.
history-at = Wann
history-method = Anmeldung mit
history-outcome = Ergebnis
staff-title = Verwaltung
staff-welcome = Sie sind angemeldet als: { $name }.
staff-roles = Ihre Rollen
staff-tools = Werkzeuge
role-case-worker = Sach·bearbeitung
role-team-lead = Team·leitung
role-agency-admin = Behörden·verwaltung
role-counter = Schalter
role-payments = Kasse (Zahlungen und Rück·zahlungen)
role-mailroom = Post·stelle
role-publisher = Veröffentlichung
role-cdo = Digital·amt (CDO)
role-operator = Betrieb
role-city-wide = für die ganze Stadt
ops-title = Betrieb
ops-staff = Mitarbeitende
ops-no-roles = keine Rolle
ops-grant = Rolle geben
ops-revoke = Weg·nehmen
ops-role = Rolle
ops-agency = Behörde
ops-invite = Mitarbeitende einladen
ops-invite-lead = Die Person bekommt eine E-Mail mit einem Link. Der Link gilt 72 Stunden. Mit dem Link wählt die Person ihr Passwort. Dann richtet die Person einen zweiten Faktor ein. Das ist eine extra Sicherung. Zum Beispiel: eine App auf dem Handy. Erst danach sieht die Person die Seiten von der Verwaltung.
ops-invite-submit = Einladen
ops-error-exists = Für diese E-Mail-Adresse gibt es schon ein Konto. Bitte prüfen Sie die Adresse.
ops-info-invited = Wir haben die Einladung geschickt.
ops-info-granted = Die Person hat die Rolle jetzt.
ops-info-revoked = Die Person hat die Rolle jetzt nicht mehr. Das gilt ab der nächsten Anfrage. Das heißt: Sobald die Person wieder eine Seite öffnet.
ops-info-job = Der Auftrag ist wieder in der Warte·schlange.
ops-jobs = Aufträge im Hintergrund
ops-jobs-none = Kein Auftrag ist endgültig gescheitert.
ops-jobs-dead = Endgültig gescheiterte Aufträge
ops-job-kind = Art
ops-job-attempts = Versuche
ops-created = Erstellt
ops-error = Fehler
ops-retry = Noch einmal versuchen
ops-mails = Post·ausgang
ops-mails-lead = Hier sehen Sie E-Mails, die noch nicht angekommen sind. Manche E-Mails warten noch. Manche E-Mails halten wir zurück. Der Grund: Es ist kein SMTP eingerichtet. SMTP ist die Technik für das Verschicken von E-Mails. Und manche E-Mails konnten wir nicht zustellen.
ops-mails-none = Keine E-Mail wartet. Keine E-Mail ist gescheitert.
ops-sweep = Reste vom unterbrochenen Speichern
ops-sweep-lead = Manchmal stoppt ein Knoten mitten beim Speichern von einer Datei. Ein Knoten ist ein Server von Rathaus. Dann bleiben Reste. Das sind: verschlüsselte Dateien ohne Eintrag. Zwischen·dateien. Einträge ohne Bezug. Rathaus löscht diese Reste alle 6 Stunden. Rathaus löscht nur Reste, die älter als 1 Stunde sind. Was Rathaus gerade speichert, bleibt.
ops-sweep-last = Zuletzt aufgeräumt: { $at }
ops-sweep-what = Art
ops-sweep-removed = Gelöscht
ops-sweep-objects = Verschlüsselte Dateien ohne Eintrag
ops-sweep-shredded = Dateien von gelöschten Einträgen
ops-sweep-staging = Zwischen·dateien
ops-sweep-rows = Einträge ohne Bezug (der Schlüssel ist gelöscht)
ops-sweep-never = Rathaus hat noch nicht aufgeräumt.
ops-mail-to = An
ops-mail-subject = Betreff
ops-mail-status = Stand
mail-staff-invite-subject = Ihr Zugang zur Verwaltung
mail-staff-invite-body = Wir haben für Sie ein Konto angelegt. Mit dem Konto benutzen Sie die Seiten von der Verwaltung. Klicken Sie auf den Link. Dann wählen Sie Ihr Passwort. Der Link gilt 72 Stunden. Danach richten Sie einen zweiten Faktor ein. Das ist eine extra Sicherung. Zum Beispiel: eine App auf dem Handy.
mail-staff-invite-action = Passwort wählen
mail-staff-invite-footer = Sie haben diese Einladung nicht erwartet? Dann melden Sie sich bitte beim IT-Betrieb.
my-data-title = Meine Daten
privacy-lead = Hier sehen Sie: Diese Daten speichern wir zu Ihrem Konto. Sie können alle Daten herunterladen. Und Sie können Ihr Konto löschen.
privacy-export-title = Alle Daten herunterladen
privacy-export-lead = Sie bekommen eine Datei. Die Datei hat das Format JSON. Diese Daten sind in der Datei:
privacy-export-button = Daten herunterladen (JSON)
privacy-section-files = Gespeicherte Dateien: Ihre Nachweise, die Sie hochgeladen haben. Und die Papiere in Ihrem Post·fach. In der Datei stehen Name, Art, Größe und Zeit·punkte. Die Dateien selbst sind im ZIP-Archiv.
privacy-export-zip-button = Daten mit allen Dateien herunterladen (ZIP)
privacy-history-link = Ihre letzten Anmeldungen ansehen
privacy-kept-audit = Das Sicherheits·protokoll: Dort steht, wann sich jemand bei Ihrem Konto angemeldet hat. Und wann jemand etwas an Ihrem Konto geändert hat. Wir müssen diese Einträge aufheben. So können wir Missbrauch aufklären. Missbrauch heißt zum Beispiel: Eine fremde Person benutzt Ihr Konto. Das steht in der Datenschutz-Grundverordnung (DSGVO), Artikel 32: Sicherheit der Verarbeitung. Die DSGVO ist ein Gesetz für den Daten·schutz. Nach dem Löschen steht in den Einträgen nur noch eine zufällige Nummer. Mit der Nummer findet niemand heraus, wer Sie sind.
privacy-section-account = Konto·daten: E-Mail-Adresse, Name, Zeit·punkte
privacy-section-personal-details = Persönliche Daten (Stamm·daten)
privacy-section-sessions = Angemeldete Geräte (Sitzungen)
privacy-section-sign-in-history = Anmeldungen und Fehl·versuche
privacy-section-known-devices = Bekannte Browser
privacy-section-mail-links = Links aus E-Mails (Bestätigung, neues Passwort)
privacy-section-authenticator-app = Authenticator-App (ohne den geheimen Schlüssel)
privacy-section-recovery-codes = Codes für den Notfall (nur: schon benutzt oder nicht)
privacy-section-passkeys = Passkeys (Name und Zeit·punkte)
privacy-section-staff-roles = Rollen in der Verwaltung
privacy-section-sign-in-throttle = Pausen nach falschen Passwörtern
privacy-section-mails = E-Mails an Sie (Betreff und Zeit·punkt)
privacy-section-audit-log = Sicherheits·protokoll zu Ihrem Konto
delete-title = Konto löschen
delete-lead = Sie können Ihr Konto löschen. Dann können Sie sich nicht mehr anmelden. Das Konto ist dann für immer weg.
delete-link = Mein Konto löschen
delete-what-goes = Das löschen wir
delete-goes = Ihre E-Mail-Adresse. Ihren Namen. Ihre persönlichen Daten. Ihr Passwort. Ihre Passkeys. Die Authenticator-App. Die Codes für den Notfall. Die Sitzungen (angemeldete Geräte). Die Anmeldungen. Und die E-Mails an Sie.
delete-what-stays = Das bleibt
delete-confirm = Ja, ich will mein Konto für immer löschen.
delete-password = Ihr Passwort
delete-password-hint = Das ist für Ihre Sicherheit. Bitte bestätigen Sie mit Ihrem Passwort.
delete-submit = Konto für immer löschen
delete-error-confirm = Die Bestätigung fehlt. Bitte bestätigen Sie: Sie wollen Ihr Konto löschen.
delete-error-password = Das Passwort ist falsch. Bitte geben Sie Ihr Passwort noch einmal ein.
delete-error-staff = Sie sind Mitarbeiterin oder Mitarbeiter. Ihr Konto löscht der IT-Betrieb. Bitte fragen Sie dort.
deleted-title = Ihr Konto ist gelöscht
deleted-lead = Wir haben Ihr Konto gelöscht. Wir haben auch Ihre persönlichen Daten gelöscht. Sie sind abgemeldet.
deleted-gone = Gelöscht
second-factor-code-title = Mit Code bestätigen
privacy-section-eid-identities = Online-Ausweis, der mit Ihrem Konto verbunden ist (Anbieter und Zeit·punkte)
eid-title = Online-Ausweis
eid-lead = Sie können Ihren Personal·ausweis mit Ihrem Konto verbinden. Dafür braucht der Ausweis die Online-Funktion. Dann sind Ihr Name, Ihr Geburts·datum und Ihre Adresse bestätigt. Und Sie können Angebote mit dem Vertrauens·niveau „hoch“ benutzen. Das heißt: Bei diesen Angeboten müssen wir ganz sicher wissen, wer Sie sind.
eid-link = Mit { $name } verbinden
eid-linked-since = Ihr Online-Ausweis ist seit { $since } mit Ihrem Konto verbunden.
eid-unlink = Verbindung trennen
eid-sign-in-title = Mit dem Online-Ausweis anmelden
eid-sign-in-lead = Sie melden sich mit Ihrem Personal·ausweis an. Dafür braucht der Ausweis die Online-Funktion. Sie müssen den Ausweis vorher mit Ihrem Konto verbinden.
eid-sign-in-button = Mit { $name } anmelden
security-info-eid-linked = Ihr Online-Ausweis ist jetzt mit Ihrem Konto verbunden. Ihre bestätigten Daten sind jetzt in Ihrem Konto.
security-info-eid-unlinked = Die Verbindung mit dem Online-Ausweis ist getrennt.
eid-failed-title = Die Anmeldung mit dem Online-Ausweis hat nicht geklappt
eid-failed-text = Wir konnten die Antwort vom Ausweis·dienst nicht bestätigen. Bitte versuchen Sie es noch einmal.
eid-cancelled-title = Anmeldung abgebrochen
eid-cancelled-text = Die Anmeldung mit dem Online-Ausweis ist abgebrochen. Sie können es noch einmal versuchen. Oder Sie melden sich mit Ihrem Passwort an.
eid-not-linked-title = Dieser Ausweis gehört zu keinem Service·konto
eid-not-linked-text = Melden Sie sich mit Ihrem Passwort an. Oder machen Sie ein neues Service·konto. Danach verbinden Sie den Ausweis mit Ihrem Konto. Das machen Sie auf der Seite „Sicherheit“.
eid-linked-elsewhere-title = Dieser Ausweis ist schon verbunden
eid-linked-elsewhere-text = Dieser Ausweis gehört schon zu einem anderen Service·konto. Oder Ihr Konto hat schon einen anderen Ausweis. Trennen Sie zuerst die alte Verbindung.
org-list-title = Organisationen
org-list-lead = Eine Organisation ist zum Beispiel eine Firma, ein Verein oder eine Einrichtung. Mit einem Unternehmens·konto handeln Sie für Ihre Organisation. Handeln heißt zum Beispiel: Sie stellen einen Antrag für Ihre Organisation. Dafür benutzen Sie Ihr eigenes Service·konto. Sie sehen: Wer gehört zu der Organisation? Und Sie können Kolleginnen und Kollegen einladen.
org-acting-title = Für wen handeln Sie?
org-acting-for = Sie handeln gerade für: { $organisation }.
org-acting-self = Sie handeln gerade für sich selbst.
org-acting-now = Sie handeln gerade dafür
org-act-self = Für mich selbst handeln
org-act-for = Für diese Organisation handeln
org-change-acting = Ändern
org-mine = Meine Organisationen
org-none = Sie gehören noch zu keiner Organisation.
org-new = Organisation anlegen
org-new-lead = Sie werden Inhaberin oder Inhaber von dem Unternehmens·konto. Das heißt: Sie kümmern sich um die Mitglieder. Sie können andere Personen einladen.
org-name = Name von der Organisation
org-name-hint = So wie im Handels·register oder im Vereins·register. Zum Beispiel: „Bäckerei Beispiel GmbH“
org-register = Register·nummer
org-register-hint = Wenn es eine Register·nummer gibt. Zum Beispiel: HRB 12345
org-address = Adresse
org-create = Organisation anlegen
org-error-name = Der Name von der Organisation fehlt. Oder der Name ist zu lang. Bitte schreiben Sie den Namen. Der Name darf höchstens 200 Zeichen haben.
org-error-register = Die Register·nummer ist zu lang. Sie darf höchstens 40 Zeichen haben. Bitte prüfen Sie die Nummer.
org-error-member-already = Diese Person gehört schon zu der Organisation. Sie müssen die Person nicht einladen.
org-error-last-owner = Die letzte Inhaberin oder der letzte Inhaber kann nicht gehen. Machen Sie zuerst eine andere Person zur Inhaberin oder zum Inhaber.
org-members = Mitglieder
org-role = Rolle
org-role-owner = Inhaberin oder Inhaber
org-role-member = Mitglied
org-role-owner-hint = kümmert sich um die Mitglieder
org-role-member-hint = handelt für die Organisation
org-joined = Dabei seit
org-you = Sie
org-make-owner = Zur Inhaberin oder zum Inhaber machen
org-make-member = Zum Mitglied machen
org-leave = Organisation verlassen
org-invite = Person einladen
org-invite-lead = Die Person bekommt eine E-Mail mit einem Link. Der Link gilt 14 Tage. Die Person braucht ein Service·konto mit genau dieser E-Mail-Adresse.
org-invite-submit = Einladung schicken
org-invitations = Offene Einladungen
org-invitation-until = gilt bis { $until }
org-withdraw = Zurücknehmen
org-info-created = Die Organisation ist angelegt. Sie sind Inhaberin oder Inhaber.
org-info-invited = Wir haben die Einladung geschickt.
org-info-withdrawn = Sie haben die Einladung zurückgenommen.
org-info-removed = Die Person gehört nicht mehr zu der Organisation.
org-info-role = Die Rolle ist geändert.
org-info-joined = Willkommen! Sie gehören jetzt zu der Organisation.
org-info-acting = Sie handeln jetzt für diese Organisation.
org-invitation-title = Einladung in eine Organisation
org-invitation-lead = Jemand lädt Sie ein. Sie sollen für „{ $organisation }“ handeln.
org-invitation-accept = Einladung annehmen
org-invitation-other-address = Diese Einladung ist für { $address }. Melden Sie sich mit dem Service·konto von dieser Adresse an. Dann können Sie die Einladung annehmen.
org-invitation-invalid-title = Diese Einladung gilt nicht mehr
org-invitation-invalid-text = Dafür gibt es 3 mögliche Gründe: Die Zeit für den Link ist vorbei. Oder jemand hat den Link schon benutzt. Oder jemand hat die Einladung zurückgenommen. Bitten Sie um eine neue Einladung.
mail-org-invite-subject = Einladung: { $organisation }
mail-org-invite-body = { $inviter } lädt Sie ein. Sie sollen im Service·konto für „{ $organisation }“ handeln. Der Link gilt 14 Tage.
mail-org-invite-action = Einladung ansehen
mail-org-invite-footer = Sie kennen dort niemanden? Dann müssen Sie nichts tun. Sie können diese E-Mail einfach löschen.
privacy-section-organisations = Organisationen, bei denen nur Sie Mitglied waren
privacy-section-organisation-memberships = Mitglied·schaften in Organisationen
privacy-section-organisation-invitations = Einladungen in Organisationen
delete-error-sole-owner = Sie sind die einzige Inhaberin oder der einzige Inhaber von: { $organisations }. Darum können Sie Ihr Konto noch nicht löschen. Machen Sie zuerst eine andere Person zur Inhaberin oder zum Inhaber.
form-error-required = Dieses Feld ist leer. Bitte füllen Sie das Feld aus.
form-error-too-long = Diese Angabe ist zu lang. Bitte schreiben Sie weniger.
form-error-text = Bitte schreiben Sie hier einen Text.
form-error-number = Hier muss eine Zahl stehen. Zum Beispiel: 12 oder 12,5.
form-error-integer = Bitte schreiben Sie eine ganze Zahl ohne Komma. Zum Beispiel: 12.
form-error-range = Diese Zahl ist zu groß oder zu klein. Bitte prüfen Sie die Zahl.
form-error-date = Das Datum stimmt nicht. Bitte schreiben Sie ein richtiges Datum. Zum Beispiel: 14.6.2021.
form-error-date-past = Das Datum muss schon vorbei sein. Bitte prüfen Sie das Datum.
form-error-date-future = Das Datum ist schon vorbei. Bitte nehmen Sie ein anderes Datum.
form-error-email = Bitte schreiben Sie eine richtige E-Mail-Adresse. Zum Beispiel: name@example.org
form-error-phone = Bitte schreiben Sie eine Telefon·nummer. Die Nummer hat 6 bis 15 Ziffern. Zum Beispiel: 040 555 1100.
form-error-iban = Diese IBAN stimmt nicht. Die IBAN ist die Nummer von Ihrem Bank·konto. Bitte prüfen Sie die Ziffern. Zum Beispiel: DE89 3704 0044 0532 0130 00.
form-error-postcode = Die Post·leit·zahl hat 5 Ziffern. Zum Beispiel: 20095. Bitte prüfen Sie die Post·leit·zahl.
form-error-address = Bitte schreiben Sie die ganze Adresse: Straße und Haus·nummer, Post·leit·zahl und Ort.
form-error-choice = Bitte wählen Sie eine Möglichkeit aus.
form-error-yes-no = Bitte wählen Sie: Ja oder Nein.
form-error-file = Bitte laden Sie eine Datei hoch.
form-error-group = Bitte nennen Sie die Personen.
form-error-group-min = Bitte nennen Sie mindestens 1 Person.
form-error-group-max = Das sind zu viele Einträge. Bitte löschen Sie Einträge.
form-error-confirm = Bitte bestätigen Sie diese Erklärung. Erst dann geht es weiter.
privacy-kept-applications = Anträge, die Sie abgeschickt haben. Und was bei den Anträgen passiert ist. Ämter müssen Akten eine bestimmte Zeit aufheben. Diese Zeit heißt: Aufbewahrungs·frist. Danach löschen wir die Anträge. Entwürfe löschen wir. Ein Entwurf ist ein Antrag, den Sie noch nicht abgeschickt haben.
privacy-kept-payments = Zahlungen mit Kassen·zeichen und Betrag. Das Kassen·zeichen ist die Nummer für Ihre Zahlung. Die Stadt muss Buchungs·belege 10 Jahre aufheben. Buchungs·belege sind Papiere über Zahlungen. Das steht im Haushalts·recht. Das ist ein Gesetz für das Geld von der Stadt. Danach löschen wir die Buchungs·belege.
privacy-section-applications = Anträge und Entwürfe mit Ihren Angaben
privacy-section-application-events = Verlauf von Ihren Anträgen

## Applying online

answer-none = Keine Angabe
answer-yes = Ja
answer-no = Nein
answer-file = Datei hochgeladen
form-optional = freiwillig
form-address-street = Straße und Haus·nummer
form-address-postcode = Post·leit·zahl
form-address-city = Ort
form-file-current = Hochgeladen
form-file-remove = Diese Datei löschen
form-hint-date = Zum Beispiel: 27.03.2027
form-hint-date-past = So schreiben Sie das Datum: Tag.Monat.Jahr. Zum Beispiel: 14.06.2021
form-hint-iban = Die IBAN ist die Nummer von Ihrem Bank·konto. Sie steht auf Ihrer Bank·karte. Oder im Online-Banking. Zum Beispiel: DE89 3704 0044 0532 0130 00.
form-hint-file = Diese Dateien sind erlaubt: { $types }. Eine Datei darf höchstens 10 MB groß sein. Ein Foto mit dem Handy ist auch gut. Man muss alles gut lesen können.
form-error-file-too-large = Die Datei ist zu groß. Erlaubt sind höchstens { $mb } MB. Nehmen Sie eine kleinere Datei.
form-error-file-type = Diese Art von Datei können wir nicht annehmen. Bitte laden Sie eine Datei im Format PDF, JPEG oder PNG hoch.
form-error-file-infected = In dieser Datei ist Schad·software. Das ist zum Beispiel ein Computer·virus. Wir haben die Datei nicht gespeichert. Bitte laden Sie eine andere Datei hoch.
form-error-file-interrupted = Das Hochladen ist abgebrochen. Bitte versuchen Sie es noch einmal.
form-error-file-scan-unavailable = Wir können Dateien gerade nicht prüfen. Darum können wir gerade keine Dateien annehmen. Ihre anderen Angaben sind gespeichert. Bitte versuchen Sie es in ein paar Minuten noch einmal.
application-step = Schritt
form-back = Zurück
form-continue = Weiter
form-save-review = Speichern und zur Übersicht
form-save-later = Speichern und später weitermachen
prefill-title = Angaben aus Ihrem Service·konto nehmen
prefill-lead = Diese Angaben sind in Ihrem Service·konto gespeichert. Wählen Sie aus: Welche Angaben sollen wir in dieses Formular schreiben? Wir nehmen nur die Angaben, die Sie auswählen.
prefill-apply = Ausgewählte Angaben eintragen
group-empty = Noch keine Angabe: { $item }.
group-add = { $item } hinzufügen
group-remove = { $item } löschen
application-start = Antrag stellen
application-begin = Antrag anfangen
application-on-behalf = Sie stellen diesen Antrag für: { $organisation }
application-open-drafts = Sie haben schon einen Entwurf
application-continue = Weitermachen
application-saved-at = Gespeichert am
application-steps = Diese Schritte kommen
ahead-walk-in-title = Kommen Sie jetzt ins Amt
ahead-walk-in-text = Das Amt hat Ihre Angaben. Sie müssen aber selbst ins Amt kommen. Sie brauchen keinen Termin. Kommen Sie, wenn das Amt offen ist. Sagen Sie Ihr Akten·zeichen: { $reference }. Bringen Sie Ihre Unterlagen mit. Sie brauchen die echten Unterlagen, keine Kopien.
ahead-walk-in-link = Wo ist das Amt? Wann ist es offen?
ahead-visit-title = Machen Sie jetzt einen Termin
ahead-visit-text = Das Amt hat Ihre Angaben. Sie müssen aber selbst ins Amt kommen. Dafür brauchen Sie einen Termin. Beim Termin sagen Sie Ihr Akten·zeichen: { $reference }. Bringen Sie Ihre Unterlagen mit. Sie brauchen die echten Unterlagen, keine Kopien.
application-ahead-notice = Für diese Leistung müssen Sie selbst ins Amt kommen. Hier können Sie vorher Angaben machen. Danach machen Sie einen Termin. Dann geht es im Amt schneller.
application-ahead-bring = Das bringen Sie zum Termin mit
fee-at-visit = Sie bezahlen die Gebühr beim Termin im Amt. Wie viel das kostet, steht auf der Seite von der Leistung.
application-have-ready = Legen Sie das bereit
application-retention = Wir speichern Ihre Angaben bei jedem Schritt. Ein Antrag, den Sie noch nicht abgeschickt haben, heißt: Entwurf. Sie ändern einen Entwurf { $days } Tage lang nicht? Dann löschen wir den Entwurf.
application-saved = Ihr Entwurf ist gespeichert. Sie können jederzeit hier weitermachen.
application-saved-partly = Wir haben Ihre richtigen Angaben gespeichert. Manche Angaben sind markiert. Diese Angaben konnten wir nicht speichern. Bitte prüfen Sie die markierten Angaben.
application-deleted = Der Entwurf ist gelöscht.
application-draft = Entwurf
application-delete = Entwurf löschen
application-status = Stand
application-status-draft = Entwurf – noch nicht abgeschickt
application-status-submitted = Angekommen
application-event-started = Antrag angefangen
application-event-prefilled = Angaben aus dem Service·konto genommen
application-event-submitted = Antrag abgeschickt und angekommen
application-events = Verlauf
application-files = Ihre hochgeladenen Dateien
application-answers = Ihre Angaben
applications-title = Meine Anträge
applications-drafts = Entwürfe
applications-no-drafts = Sie haben keine offenen Entwürfe.
applications-submitted = Abgeschickte Anträge
applications-none = Sie haben noch keinen Antrag abgeschickt.
applications-col-form = Antrag
applications-col-deleted = Wird gelöscht am
applications-col-actions = Was Sie machen können
applications-find-service = Ein Angebot finden und im Internet beantragen
check-title = Prüfen Sie Ihre Angaben
check-open = Etwas fehlt noch. Bitte ergänzen Sie das. Dann können Sie den Antrag abschicken.
check-change = Ändern
check-send-title = Antrag abschicken
check-send-lead = Sie schicken den Antrag ab. Damit sagen Sie: Meine Angaben sind richtig. Und meine Angaben sind vollständig. Das Abschicken ist verbindlich. Das heißt: Der Antrag gilt dann. Sie bekommen eine Eingangs·bestätigung. Darin steht: Wir haben Ihren Antrag bekommen.
check-send = Antrag verbindlich abschicken
confirmation-title = Ihr Antrag ist angekommen
confirmation-reference = Ihr Akten·zeichen
confirmation-service = Angebot: { $service }
confirmation-next = Wie geht es weiter?
confirmation-receipt = Sie bekommen eine Eingangs·bestätigung als PDF. Darin stehen alle Ihre Angaben. Die Bestätigung kommt in Ihr Post·fach.
confirmation-mail = Ist die Eingangs·bestätigung in Ihrem Post·fach? Dann schicken wir Ihnen eine E-Mail an { $email }.
confirmation-status = Unter „Meine Anträge“ sehen Sie immer: So weit ist Ihr Antrag.
confirmation-to-status = Zum Antrag
nav-inbox = Post·fach
inbox-unread = Neue Nachrichten: { $count }
inbox-empty = Ihr Post·fach ist leer.
inbox-new = neu
inbox-received = Angekommen am
inbox-to-application = Zum Antrag
receipt-title = Eingangs·bestätigung
receipt-pending = Wir machen gerade die Eingangs·bestätigung. Darin steht: Wir haben Ihren Antrag bekommen. In wenigen Minuten ist sie in Ihrem Post·fach.
receipt-version = Fassung
receipt-intro = Wir haben Ihren Antrag bekommen. Hier sehen Sie Ihre Angaben. So haben Sie die Angaben abgeschickt. Wir haben noch nicht über Ihren Antrag entschieden.
receipt-intro-visit = Wir haben Ihre Angaben bekommen. Sie müssen aber noch zu uns kommen. Bringen Sie zum Termin mit: diese Bestätigung, Ihren Ausweis und die Unterlagen. Welche Unterlagen? Das steht auf der Seite von Ihrem Antrag. Diese Bestätigung ist noch keine Entscheidung.
receipt-note = Haben Sie Fragen? Dann sagen Sie uns bitte Ihr Akten·zeichen. Ein Computer hat dieses Dokument gemacht. Es gilt auch ohne Unterschrift.
receipt-item = Angabe
receipt-value = Wert
receipt-reference = Akten·zeichen
receipt-service = Angebot
receipt-submitted = Abgeschickt am
receipt-applicant = Antrag·stellerin oder Antrag·steller
receipt-on-behalf-of = Im Namen von
receipt-form = Formular
receipt-question = Frage
receipt-answer = Ihre Angabe
receipt-file-name = Eingangsbestaetigung
receipt-inbox-subject = Eingangs·bestätigung für Ihren Antrag { $reference }
receipt-inbox-body = Wir haben Ihren Antrag „{ $service }“ bekommen. Die Eingangs·bestätigung ist bei dieser Nachricht dabei. Darin stehen Ihre Angaben.
receipt-mail-subject = Wir haben Ihren Antrag { $reference } bekommen
receipt-mail-body = Wir haben Ihren Antrag bekommen. Das Akten·zeichen ist: { $reference }. Die Eingangs·bestätigung ist in Ihrem Post·fach im Service·konto.
receipt-mail-action = Zum Post·fach
receipt-mail-footer = Die Einzelheiten stehen nicht in dieser E-Mail. So sind Ihre Daten sicherer. Sie haben diese Nachricht nicht erwartet? Dann melden Sie sich bitte bei uns.
service-apply-online = Im Internet beantragen
privacy-section-application-files = Dateien, die Sie bei Anträgen hochgeladen haben
privacy-section-inbox = Nachrichten in Ihrem Post·fach
privacy-section-decisions = Bescheide zu Ihren Anträgen (Titel, Begründung, Prüf·code)
privacy-section-case-notes = Notizen vom Amt zu Ihren Anträgen (Sie sehen nur: Es gibt diese Notizen)
privacy-section-letters-sent = Briefe, die wir Ihnen geschickt haben (Adresse, Tag vom Versand, Sendungs·nummer)
privacy-section-payments = Zahlungen (Kassen·zeichen, Betrag, Zeit·punkte)
privacy-section-refunds = Erstattungen: Geld, das Sie zurück·bekommen (Betrag, Grund, Zeit·punkte)
privacy-section-appointments = Termine (Buchungs·nummer, Ort, Zeit, Name, Stand)
needs-eid-title = Für diesen Antrag brauchen Sie den Online-Ausweis
needs-eid-text = Bei „{ $service }“ müssen wir sicher wissen: Wer stellt den Antrag? Melden Sie sich darum mit dem Online-Ausweis an. Online-Ausweis heißt: Ihr Ausweis hat eine Funktion für das Internet. Das geht mit Ihrem Personal·ausweis, mit Ihrer eID-Karte oder mit Ihrem elektronischen Aufenthalts·titel.
needs-eid-sign-in = Mit Online-Ausweis anmelden
needs-eid-linked = Ihr Ausweis muss vorher mit Ihrem Service·konto verbunden sein. Das machen Sie hier: Service·konto → Sicherheit.
needs-eid-unavailable = Hier geht die Anmeldung mit dem Online-Ausweis noch nicht. Sie können einen Termin in einem Kunden·zentrum machen. Dort können Sie das Angebot erledigen.
needs-eid-back = Zurück zum Angebot
needs-eid-text-record = Bei diesem Antrag müssen wir sicher wissen: Sie sind es wirklich. Dafür brauchen Sie den Online-Ausweis. Melden Sie sich mit dem Online-Ausweis an. Danach können Sie weiter-machen.
needs-eid-back-applications = Zu Ihren Anträgen
case-queue-title = Vorgänge
case-filter-title = Vorgänge filtern
case-filter-open = Offen (noch nicht entschieden)
case-filter-all = Alle
case-filter-all-agencies = Alle meine Behörden
case-filter-all-services = Alle Leistungen
case-filter-anyone = Alle
case-filter-me = Mir zugewiesen
case-filter-nobody = Niemandem zugewiesen
case-filter-overdue = Nur überfällige
case-filter-apply = Anzeigen
case-sort = Reihen·folge
case-sort-due = Fällige zuerst
case-sort-newest = Neueste zuerst
case-sort-oldest = Älteste zuerst
case-sort-reference = Nach Akten·zeichen
case-queue-count =
    { $count ->
        [one] 1 Vorgang.
       *[other] { $count } Vorgänge.
    }
case-queue-overdue = Davon überfällig: { $count }.
case-queue-count-more = Es gibt mehr als { $count } Vorgänge.
case-queue-overdue-more = Davon überfällig: mehr als { $count }.
case-queue-shown = Auf dieser Seite sehen Sie { $count } davon.
case-queue-pages = Seiten von der Liste
case-queue-first = Zur ersten Seite
case-queue-previous = Seite davor
case-queue-next = Nächste Seite
case-agency = Behörde
case-assignee = Bearbeitung
case-unassigned = Nicht zugewiesen
case-me = { $name } (ich)
case-due = Fällig am
case-overdue = Überfällig
case-waiting = wartet auf Angaben von der Person, die den Antrag gestellt hat
case-applicant = Antrag·stellerin oder Antrag·steller
case-on-behalf-of = für { $name }
case-actions = Nächster Schritt
case-no-steps = Dieser Vorgang ist abgeschlossen. Es gibt keinen Schritt mehr.
case-step-start-review = Prüfung beginnen
case-step-request-information = Angaben oder Unterlagen nachfordern
case-step-resume-review = Prüfung fortsetzen (Angaben sind da)
case-step-approve = Bewilligen
case-step-reject = Ablehnen
case-step-approve-partly = Teilweise bewilligen
case-step-deliver = Als zugestellt markieren
case-step-close = Vorgang abschließen
case-request-label = Was fehlt noch?
case-request-hint = Die Person, die den Antrag gestellt hat, liest diesen Text in ihrem Post·fach. Schreiben Sie einfach und klar: Was soll die Person noch schicken?
case-request-send = Nachforderung senden
case-assign-label = Zuweisen an
case-assign = Zuweisen
case-assign-lead-only = Dieser Vorgang ist bei einer Kollegin oder einem Kollegen. Nur die Team·leitung kann den Vorgang neu zuweisen.
case-answers = Angaben im Antrag
case-files = Unterlagen
case-no-files = Zu diesem Antrag gibt es keine Unterlagen.
case-notes = Interne Notizen
case-notes-hint = Nur die Verwaltung sieht diese Notizen. Die Person, die den Antrag gestellt hat, sieht sie nie.
case-note-label = Neue Notiz
case-note-add = Notiz speichern
case-info-step = Der Schritt ist gespeichert. Die Person, die den Antrag gestellt hat, bekommt dazu eine E-Mail.
case-info-assigned = Die Zuweisung ist gespeichert.
case-info-note = Die Notiz ist gespeichert.
case-error-message-empty = Das Feld ist leer. Schreiben Sie: Welche Angaben oder Unterlagen fehlen noch?
case-error-note-empty = Die Notiz ist leer. Schreiben Sie einen Text.
case-error-too-long = Der Text ist zu lang. Erlaubt sind höchstens 5.000 Zeichen. Machen Sie den Text kürzer.
case-status-submitted = Eingegangen
case-status-in_review = In Prüfung
case-status-information_requested = Angaben nachgefordert
case-status-decided = Entschieden
case-status-decided-approved = Entschieden: bewilligt
case-status-decided-rejected = Entschieden: abgelehnt
case-status-decided-partly = Entschieden: teilweise bewilligt
case-status-delivered = Zugestellt
case-status-closed = Abgeschlossen
case-status-withdrawn = Zurückgezogen
case-status-draft = Entwurf
case-request-subject = Bitte antworten Sie bis { $date }: Frage zu Ihrem Antrag { $reference }
case-notice-subject-news = Neues zu Ihrem Antrag { $reference }
case-notice-body-news = Es gibt Neues zu Ihrem Antrag { $reference }. In Ihrem Service·konto lesen Sie: Was hat sich geändert?
case-notice-subject-review-started = Wir bearbeiten jetzt Ihren Antrag { $reference }
case-notice-body-review-started = Wir bearbeiten jetzt Ihren Antrag { $reference }. Sie müssen nichts tun. Brauchen wir etwas von Ihnen? Dann melden wir uns. Wir melden uns auch, wenn wir entschieden haben.
case-notice-subject-information-requested = Bitte handeln Sie bis { $date }: Frage zu Ihrem Antrag { $reference }
case-notice-body-information-requested = Wir brauchen noch Angaben zu Ihrem Antrag { $reference }. Bitte antworten Sie bis { $date } in Ihrem Service·konto. Dort lesen Sie auch: Was fehlt noch?
case-notice-subject-decided = Der Bescheid zu Ihrem Antrag { $reference } ist da
case-notice-body-decided = Wir haben über Ihren Antrag { $reference } entschieden. Die Entscheidung steht im Bescheid. Der Bescheid ist ein Brief vom Amt. Sie finden ihn in Ihrem Service·konto.
case-reminder-subject = Erinnerung: Bitte antworten Sie bis { $date } zu Ihrem Antrag { $reference }
case-reminder-body = Wir warten noch auf Ihre Angaben zu Ihrem Antrag { $reference }. Bitte antworten Sie bis { $date } in Ihrem Service·konto.
case-notice-action = Antrag ansehen
case-notice-footer = Die Einzelheiten stehen nicht in dieser E-Mail. So sind Ihre Daten sicherer.
staff-cases = Vorgänge bearbeiten
application-status-in_review = Wird geprüft
application-status-information_requested = Wir brauchen noch Angaben von Ihnen
application-status-decided = Entschieden
application-status-decided-approved = Entschieden: Ja, Ihr Antrag ist bewilligt
application-status-decided-rejected = Entschieden: Nein, Ihr Antrag ist abgelehnt
application-status-decided-partly = Entschieden: Ihr Antrag ist zum Teil bewilligt
application-status-delivered = Zugestellt
application-status-closed = Abgeschlossen
application-status-withdrawn = Zurückgezogen
application-event-review-started = Das Amt prüft jetzt Ihren Antrag
application-event-information-requested = Das Amt braucht noch Angaben oder Unterlagen von Ihnen. Mehr dazu in Ihrem Post·fach.
application-event-review-resumed = Das Amt prüft weiter
application-event-decided-approved = Das Amt hat entschieden: Ja, Ihr Antrag ist bewilligt
application-event-decided-rejected = Das Amt hat entschieden: Nein, Ihr Antrag ist abgelehnt
application-event-decided-partly = Das Amt hat entschieden: Ihr Antrag ist zum Teil bewilligt
application-event-delivered = Das Ergebnis ist zugestellt
application-event-closed = Das Amt ist mit Ihrem Antrag fertig
application-event-withdrawn = Sie haben den Antrag zurückgezogen
application-waiting = Das Amt braucht noch Angaben oder Unterlagen von Ihnen. In Ihrem Post·fach steht: Was genau braucht das Amt?
application-waiting-link = Frage lesen und beantworten
application-withdraw = Antrag zurückziehen
application-withdraw-title = Antrag zurückziehen?
application-withdraw-text = Zurückziehen heißt: Sie wollen den Antrag { $reference } nicht mehr. Dann prüft das Amt den Antrag nicht weiter. Sie können das nicht rückgängig machen. Sie können aber später einen neuen Antrag stellen.
application-withdraw-confirm = Ja, Antrag zurückziehen
application-withdraw-cancel = Nein, zurück zum Antrag
application-withdrawn = Sie haben den Antrag zurückgezogen.
inbox-thread = Nachrichten zu diesem Antrag
inbox-from-you = Sie
inbox-from-authority = Amt
inbox-document = Dokument herunterladen (PDF)
inbox-read-by-authority = Das Amt hat die Nachricht am { $at } gelesen.
inbox-reply-title = Antworten
inbox-reply-label = Ihre Nachricht
inbox-reply-hint = Das Amt liest Ihre Nachricht bei Ihrem Antrag. Haben Sie Fragen zu Ihrem Antrag? Dann stellen Sie die Fragen am besten hier.
inbox-attachment-label = Dokumente mitschicken (wenn Sie wollen)
inbox-attachment-hint = Erlaubt sind PDF, JPEG oder PNG. Jede Datei darf höchstens 10 MB groß sein. Sie können mehrere Dateien auswählen.
inbox-reply-send = Nachricht senden
inbox-sent = Ihre Nachricht ist gesendet.
inbox-error-empty = Die Nachricht ist leer. Schreiben Sie eine Nachricht. Oder schicken Sie ein Dokument mit.
inbox-reply-subject = Ihre Nachricht zum Antrag { $reference }
inbox-message-subject = Nachricht zu Ihrem Antrag { $reference }
case-thread = Nachrichten mit Antrag·stellerin oder Antrag·steller
case-thread-empty = Noch keine Nachrichten.
case-message-read = Gelesen am { $at }
case-message-unread = Noch nicht gelesen
case-message-new = Neu
case-write-label = Nachricht an Antrag·stellerin oder Antrag·steller
case-write-hint = Die Person liest die Nachricht in ihrem Post·fach. Sie bekommt auch eine E-Mail. In der E-Mail steht die Nachricht nicht.
case-write-send = Nachricht senden
case-info-message = Die Nachricht ist gesendet.
case-new-messages = Neue Nachricht
decision-doc-reference = Akten·zeichen
decision-doc-date = Datum
decision-doc-service = Thema
decision-doc-corrects = Berichtigt
decision-doc-outcome = Entscheidung
decision-doc-reasons = Begründung
decision-doc-legal-basis = Rechts·grundlage
decision-doc-remedy = Rechts·behelfs·belehrung: So können Sie sich wehren
decision-doc-code = Prüf·code
decision-doc-verify = Hier prüfen Sie, ob der Bescheid echt ist:
decision-doc-note = Dieses Dokument ist am Computer gemacht. Es gilt auch ohne Unterschrift. Die PDF-Datei hat ein elektronisches Siegel von der Stadt. Sie können prüfen: Ist das Dokument echt? Ist es unverändert? Dafür brauchen Sie den Prüf·code. Geben Sie den Prüf·code bei der Internet·adresse auf diesem Dokument ein.
decision-doc-preview = ENTWURF
decision-error-title = Der Titel fehlt oder ist zu lang. Schreiben Sie einen Titel. Der Titel darf höchstens 200 Zeichen haben.
decision-error-reasons = Die Begründung fehlt. Schreiben Sie die Begründung.
decision-error-remedy = Die Rechts·behelfs·belehrung fehlt. Ergänzen Sie die Rechts·behelfs·belehrung.
decision-error-waiver-reason = Schreiben Sie: Warum muss die Person die Gebühr nicht bezahlen?
decision-error-waiver-reason-too-long = Der Grund ist zu lang. Schreiben Sie höchstens 2.000 Zeichen.
decision-error-waiver-nothing = Bei diesem Bescheid gibt es keine Gebühr. Dann kann man auch nichts erlassen. Machen Sie die Felder zum Erlass leer.
decision-error-waiver-amount = Schreiben Sie einen Betrag. Der Betrag muss mehr als 0 Euro sein. Der Betrag darf nicht mehr als die Gebühr sein. Zum Beispiel: 12,50
decision-error-waiver-needs-second = Hier muss eine zweite Person dem Erlass zustimmen. Geben Sie den Bescheid der zweiten Person.
decision-fee-legend = { $charge ->
    [tax] Steuer und Erlass
   *[fee] Gebühr und Erlass
 }
decision-fee-total = Zusammen { $amount }
decision-waiver-most = Sie können höchstens { $amount } erlassen.
decision-waiver-hint-paid = Die Person hat { $charge ->
    [tax] die Steuer
   *[fee] die Gebühr
 } schon bezahlt. Sie erlassen einen Betrag? Dann bekommt die Person das Geld zurück.
decision-waiver-hint-invoice = Die Person bekommt mit dem Bescheid eine Rechnung für { $charge ->
    [tax] die Steuer
   *[fee] die Gebühr
 }. Sie erlassen einen Betrag? Dann steht der Betrag nicht auf der Rechnung.
decision-waived = Erlassener Betrag in Euro
decision-waived-hint = Die Person soll die ganze Gebühr bezahlen? Dann lassen Sie das Feld leer. Zum Beispiel: 12,50
decision-waiver-reason = Grund für den Erlass
decision-waiver-reason-hint = Schreiben Sie das Gesetz und den Grund. Zum Beispiel: Die Person bekommt Bürger·geld. Der Grund steht im Bescheid.
decision-waiver-second-hint = Ohne Erlass machen Sie den Bescheid allein. Mit Erlass muss eine zweite Person zustimmen.
decision-error-placeholder = Im Text steht noch „…“. Dort fehlen noch Angaben. Schreiben Sie die fehlenden Angaben hinein.
decision-error-too-long = Die Begründung ist zu lang. Erlaubt sind höchstens 20.000 Zeichen. Machen Sie den Text kürzer.
decision-inbox-subject = Bescheid zu Ihrem Antrag { $reference }
decision-inbox-subject-corrected = Berichtigter Bescheid zu Ihrem Antrag { $reference }
decision-inbox-body = Wir haben über Ihren Antrag entschieden. Die Entscheidung steht im Bescheid. Der Bescheid ist bei dieser Nachricht dabei. Er ist ein PDF-Dokument. Auf dem Bescheid steht ein Prüf·code. Damit können Sie prüfen: Ist der Bescheid echt?
application-event-decision-corrected = Das Amt hat einen Fehler im Bescheid verbessert (berichtigt). Mehr dazu in Ihrem Post·fach.
decision-write = Bescheid schreiben
decision-write-approved = Bescheid: bewilligen
decision-write-rejected = Bescheid: ablehnen
decision-write-partly = Bescheid: teilweise bewilligen
decision-correct = Bescheid berichtigen
decision-title = Titel
decision-reasons = Begründung
decision-reasons-hint = Trennen Sie Absätze mit einer leeren Zeile. An Stellen mit „…“ fehlt noch etwas. Ergänzen Sie diese Stellen.
decision-remedy = Rechts·behelfs·belehrung
decision-outcome = Entscheidung
decision-preview = Vorschau (PDF, öffnet in neuem Fenster)
decision-issue = Bescheid erlassen
decision-issue-hint = Nach dem Erlassen können Sie den Bescheid nicht mehr ändern. Gibt es einen Fehler? Dann machen Sie einen berichtigten Bescheid.
decision-editor-title = Bescheid für { $reference }
decision-correcting = Dieser Bescheid berichtigt den Bescheid vom { $date }. Der alte Bescheid hat den Prüf·code { $code }.
decision-list = Bescheide
decision-publish = Im Transparenz·portal veröffentlichen
decision-publish-hint = Damit legen Sie einen Entwurf mit diesem Bescheid an. Rathaus schlägt vor: Die Daten von der Person mit dem Antrag werden geschwärzt. Schwärzen heißt: Niemand kann diese Daten lesen. Eine 2. Person prüft den Entwurf und gibt ihn frei. Erst dann ist er veröffentlicht.
decision-published-as = Im Transparenz·portal: { $title } ({ $status })
decision-code = Prüf·code
decision-corrected-by = berichtigt am { $date }
case-info-decision = Der Bescheid ist erlassen. Er liegt jetzt im Post·fach von der Person, die den Antrag gestellt hat.
verify-title = Ist der Bescheid echt?
verify-intro = Auf jedem Bescheid steht unten ein Prüf·code. Geben Sie den Prüf·code hier ein. Dann sehen Sie: Ist das Dokument von uns?
verify-code = Prüf·code
verify-code-hint = 12 Zeichen, zum Beispiel 7Q2M-K8XD-4NVA
verify-submit = Prüfen
verify-unknown = Zu diesem Prüf·code gibt es keinen Bescheid. Prüfen Sie Ihre Eingabe. Stimmt die Eingabe? Dann ist das Dokument nicht von uns.
verify-genuine = Dieser Prüf·code gehört zu einem echten Bescheid.
verify-issued-by = Von diesem Amt
verify-issued-at = Erlassen am
verify-hash = Prüf·summe (SHA-256)
verify-sealed-by = Das Siegel ist von
verify-sealed-at = Das Siegel ist vom
verify-seal-certificate = Nummer vom Siegel·zertifikat
verify-seal-note = Die PDF-Datei hat ein elektronisches Siegel von der Stadt. Das Siegel ist wie ein Stempel. Es zeigt: Das Dokument ist von uns. Im Siegel steht auch die Zeit. Manche Programme können das Siegel prüfen. Zum Beispiel: Adobe Acrobat Reader. Wenn jemand die Datei verändert, ist das Siegel kaputt.
verify-unsealed = Dieser Bescheid ist älter. Damals hatten Bescheide noch kein Siegel. Sie können Ihre Datei aber unten vergleichen. Dafür gibt es die Prüf·summe.
verify-corrected = Achtung: Das Amt hat diesen Bescheid am { $date } berichtigt. Es gibt also einen neuen Bescheid. Nur der neue Bescheid gilt.
verify-file-title = Ist Ihr Bescheid unverändert?
verify-file-hint = Wählen Sie die PDF-Datei von dem Bescheid. Wir vergleichen die Datei nur. Wir speichern die Datei nicht.
verify-file-label = PDF-Datei vom Bescheid
verify-file-submit = Datei vergleichen
verify-unchanged = Die Datei ist genau der Bescheid von uns. Niemand hat etwas verändert.
verify-erased = Das Amt hat den Inhalt am { $date } gelöscht. Das Amt muss Sachen nur eine bestimmte Zeit aufheben. Sie können Ihr Papier aber noch prüfen.
verify-changed = Die Datei passt nicht zu unserem Bescheid. Jemand hat die Datei verändert. Oder es ist ein anderes Dokument.
verify-file-missing = Sie haben keine Datei gewählt. Wählen Sie eine PDF-Datei aus.
case-export-csv = Als CSV herunterladen
case-export-xlsx = Als Excel-Datei (XLSX) herunterladen
case-figures-title = Kenn·zahlen
case-figures-intro = Hier sind Zahlen zu den Vorgängen von Ihren Behörden. Die Bearbeitungs·dauer zählt vom Eingang bis zur 1. Entscheidung. Wir zählen nur die Vorgänge, die in den letzten 12 Monaten entschieden wurden. Median heißt: Die Hälfte von den Vorgängen dauert so lange oder kürzer. 90. Perzentil heißt: 9 von 10 Vorgängen dauern so lange oder kürzer.
case-figures-median = Bearbeitungs·dauer: Median
case-figures-p90 = Bearbeitungs·dauer: 90. Perzentil
case-figures-decided = In den letzten 12 Monaten entschieden
case-figures-overdue = Offene Vorgänge, die überfällig sind
case-figures-by-status = Vorgänge nach Stand
case-figures-count = Anzahl
case-figures-days = { $days } Tage
delivery-title = So bekommen Sie das Ergebnis
delivery-lead = Den Bescheid finden Sie immer in Ihrem Post·fach.
delivery-question = Wie wollen Sie das Ergebnis bekommen?
delivery-choice-download = Im Post·fach zum Herunterladen
delivery-choice-post = Mit der Post
delivery-choice-pickup = Selbst abholen
delivery-only-download = Sie bekommen das Ergebnis in Ihr Post·fach. Dort können Sie es herunterladen.
delivery-only-post = Sie bekommen das Ergebnis mit der Post.
delivery-only-pickup = Sie holen das Ergebnis selbst ab.
delivery-address = Adresse für den Brief
delivery-address-hint = Diese Adresse haben Sie im Antrag geschrieben. Sie können die Adresse hier ändern. Wir schicken das Ergebnis mit der Post an diese Adresse.
delivery-name = Name auf dem Brief
delivery-location = Ort zum Abholen
delivery-location-hint = Das brauchen wir nur, wenn Sie das Ergebnis abholen.
delivery-location-choose = Bitte wählen
delivery-location-link = Öffnungs·zeiten und Adresse vom Ort zum Abholen
delivery-book-pickup = Termin zum Abholen buchen
delivery-ready-for-pickup = Ihr Dokument ist fertig. Sie können es jetzt abholen. Bringen Sie Ihren Ausweis mit. Und bringen Sie das Akten·zeichen mit.
delivery-queued = Wir bereiten den Brief vor (seit { $date }).
delivery-sent = Wir haben den Brief am { $date } mit der Post geschickt.
delivery-sent-tracking = Wir haben den Brief am { $date } mit der Post geschickt. Die Sendungs·nummer ist: { $number }.
delivery-error-method = Sie haben noch nichts gewählt. Wählen Sie: Wie wollen Sie das Ergebnis bekommen?
delivery-error-name = Der Name fehlt. Schreiben Sie den Namen für den Brief.
delivery-error-street = Straße oder Haus·nummer fehlt. Schreiben Sie Straße und Haus·nummer.
delivery-error-postcode = Die Post·leit·zahl stimmt nicht. Schreiben Sie eine richtige Post·leit·zahl. Zum Beispiel: 20095
delivery-error-city = Der Ort fehlt. Schreiben Sie den Ort.
delivery-error-too-long = Diese Zeile ist zu lang für eine Adresse. Erlaubt sind höchstens 70 Zeichen. Machen Sie die Zeile kürzer.
delivery-error-location = Wählen Sie einen Ort. Dort holen Sie das Ergebnis ab.
application-event-correction-sent = Wir haben den verbesserten Bescheid mit der Post geschickt.
case-step-deliver-pickup = Als abgeholt eintragen
dispatch-title = Versand (Post·stelle)
dispatch-lead = Hier sind Bescheide, die mit der Post gehen. Drucken Sie die Adress·etiketten. Verschicken Sie die Briefe. Tragen Sie dann jeden Brief als verschickt ein. Hat der Brief eine Sendungs·nummer? Dann tragen Sie die Sendungs·nummer auch ein. Erst dann gilt der Vorgang als zugestellt.
dispatch-day = Tag
dispatch-show-day = Tag zeigen
dispatch-open = Bis { $date } verschicken
dispatch-open-count =
    { $count ->
        [one] 1 Brief wartet auf den Versand.
       *[other] { $count } Briefe warten auf den Versand.
    }
dispatch-labels = Adress·etiketten drucken (PDF, 3 × 8 auf jedem Blatt)
dispatch-csv = Versand·liste (CSV)
dispatch-queued-at = Bereit seit { $date }
dispatch-queued = Bereit seit
dispatch-tracking = Sendungs·nummer
dispatch-tracking-hint = Zum Beispiel: RR 1234 5678 9DE. Manche Briefe haben keine Sendungs·nummer. Dann lassen Sie das Feld leer.
dispatch-mark-sent = Als verschickt eintragen
dispatch-marked = Der Brief ist als verschickt eingetragen. Die Person bekommt eine Nachricht.
dispatch-sent-on = Verschickt am { $date }
dispatch-none-sent = An diesem Tag ist noch kein Brief verschickt.
dispatch-sent-at = Verschickt
dispatch-error-tracking = Die Sendungs·nummer passt nicht. Sie darf nur Buchstaben, Zahlen und Binde·striche haben. Sie darf höchstens 40 Zeichen lang sein. Bitte prüfen Sie die Nummer.
receipt-fee = Gebühr
receipt-fee-total = Zusammen:
receipt-delivery = So bekommen Sie das Ergebnis
fee-title =
    { $charge ->
        [tax] Steuer
       *[other] Gebühr
    }
fee-lead-start = Das kostet der Antrag:
fee-depends = hängt von Ihren Angaben ab
fee-none = Dieser Antrag kostet nichts.
fee-for-this = Gebühr für diesen Antrag
fee-total = Zusammen
fee-due-at_submission =
    { $charge ->
        [tax] Sie bezahlen die Steuer, wenn Sie den Antrag abschicken.
       *[other] Sie bezahlen die Gebühr, wenn Sie den Antrag abschicken.
    }
fee-due-after_decision =
    { $charge ->
        [tax] Das Amt schreibt die Steuer in den Bescheid. Danach bezahlen Sie die Steuer.
       *[other] Das Amt entscheidet über Ihren Antrag. Danach bezahlen Sie die Gebühr.
    }
fee-if-delivery = nur wenn Sie diesen Weg für das Ergebnis wählen
payment-title =
    { $charge ->
        [tax] Steuer bezahlen
       *[other] Gebühr bezahlen
    }
payment-amount = Betrag
payment-cash-reference = Kassen·zeichen
payment-open = Die Zahlung ist noch nicht fertig. Der Zahlungs·dienst muss die Zahlung noch bestätigen. Der Zahlungs·dienst ist die Seite, auf der Sie bezahlen. Nach der Bestätigung schicken wir Ihren Antrag ab.
payment-open-change = Die Zahlung läuft noch. So lange bleiben Ihre Angaben, wie sie sind. Sie wollen etwas ändern? Dann brechen Sie die Zahlung ab. Das machen Sie auf der Seite vom Zahlungs·dienst.
payment-continue = Weiter zum Bezahlen
payment-reload = Noch einmal prüfen
payment-failed = Die Zahlung hat nicht geklappt. Sie haben nichts bezahlt. Wir haben Ihren Antrag als Entwurf gespeichert. Entwurf heißt: Der Antrag ist noch nicht abgeschickt.
payment-try-again = Zurück zu Ihren Angaben und noch einmal bezahlen
check-pay = Weiter zum Bezahlen ({ $amount })
check-pay-lead = Wenn Sie bezahlen, schicken Sie den Antrag ab. Dann gilt der Antrag. Sie sagen damit auch: Meine Angaben sind richtig. Und meine Angaben sind vollständig.
testkasse-title = Testkasse – Zahlungs·dienst
testkasse-lead = Dieser Zahlungs·dienst ist nur zum Testen. Sie bezahlen hier kein echtes Geld.
testkasse-purpose = Verwendungs·zweck
testkasse-card = Mit Karte bezahlen
testkasse-card-hint = Diese Test·karte geht: 4242 4242 4242 4242. Diese Test·karte geht nicht: 4000 0000 0000 0002.
testkasse-card-number = Karten·nummer
testkasse-expiry = Gültig bis
testkasse-expiry-hint = Monat/Jahr, zum Beispiel 12/28
testkasse-cvc = Prüf·nummer (CVC)
testkasse-card-holder = Name auf der Karte
testkasse-pay = { $amount } bezahlen
testkasse-bank = Mit Ihrer Bank im Internet überweisen
testkasse-bank-choose = Ihre Bank
testkasse-bank-go = Weiter zu Ihrer Bank
testkasse-bank-title = Über·weisung im Internet
testkasse-bank-question = Möchten Sie diese Über·weisung erlauben?
testkasse-bank-approve = Über·weisung erlauben
testkasse-bank-decline = Ablehnen
testkasse-debit = SEPA-Lastschrift
testkasse-iban = IBAN
testkasse-account-holder = Konto·inhaberin oder Konto·inhaber
testkasse-mandate = Ich erlaube der Freien und Hansestadt Hamburg (Demo): Die Stadt darf den Betrag von meinem Konto abbuchen. Das heißt: SEPA-Lastschrift·mandat.
testkasse-debit-go = Lastschrift erlauben
testkasse-cancel = Zahlung abbrechen und zurück
testkasse-error-card-number = Die Karten·nummer stimmt nicht. Bitte geben Sie eine richtige Karten·nummer ein.
testkasse-error-expiry = Das Datum fehlt oder ist schon vorbei. Geben Sie ein: Bis wann gilt die Karte? Schreiben Sie Monat/Jahr.
testkasse-error-cvc = Die Prüf·nummer fehlt oder stimmt nicht. Geben Sie die Prüf·nummer mit 3 Zahlen ein.
testkasse-error-holder = Der Name fehlt. Bitte geben Sie den Namen ein.
testkasse-error-iban = Die IBAN stimmt nicht. Die IBAN ist die Nummer von Ihrem Konto. Bitte geben Sie eine richtige IBAN ein.
testkasse-error-mandate = Sie haben die Lastschrift noch nicht erlaubt. Bitte kreuzen Sie das Feld beim Lastschrift·mandat an.
testkasse-error-bank = Sie haben keine Bank gewählt. Bitte wählen Sie Ihre Bank.
refund-inbox-subject = Sie bekommen Geld zurück: Antrag { $reference }
refund-inbox-body = Wir erstatten Ihnen Geld. Das heißt: Sie bekommen { $amount } zurück. Das Kassen·zeichen ist: { $cash_reference }. Der Grund ist: { $reason } Das Geld geht auf dem gleichen Weg zurück, auf dem Sie bezahlt haben. Das kann ein paar Tage dauern.
application-event-refunded = Wir zahlen Ihnen Geld zurück. Mehr dazu steht in Ihrem Post·fach.
payments-title = Zahlungen und Erstattungen
payments-lead = Hier sehen Sie die Zahlungen zu den Vorgängen von Ihrer Behörde. Erstattung heißt: Jemand bekommt Geld zurück. Ist eine Erstattung höher als { $limit }? Dann muss eine zweite Person die Erstattung freigeben.
payments-search = Kassen·zeichen oder Akten·zeichen
payments-search-go = Suchen
payments-count =
    { $count ->
        [one] 1 Zahlung.
       *[other] { $count } Zahlungen.
    }
payments-status-open = offen
payments-status-paid = bezahlt
payments-status-failed = hat nicht geklappt
payments-status-cancelled = abgebrochen
payments-paid-at = Bezahlt am
payments-method = Zahl·art
payments-refundable = Noch erstattbar
payments-refunds = Erstattungen
refund-status-requested = wartet auf Freigabe
refund-status-executed = erstattet
refund-status-refused = abgelehnt
refund-amount = Betrag für die Erstattung in Euro
refund-amount-hint = Zum Beispiel: 12,50. Höchstens { $max }.
refund-reason = Grund (die Person mit dem Antrag liest den Grund)
refund-request = Erstatten
refund-approve = Freigeben
refund-refuse = Ablehnen
refund-requested-by = beantragt von { $name }
refund-own = Sie haben das beantragt. Darum muss eine andere Person freigeben.
refund-done = Der Betrag ist erstattet. Die Person bekommt eine Nachricht.
refund-waiting = Die Erstattung wartet. Eine zweite Person muss die Erstattung freigeben.
refund-refused-note = Die Erstattung ist abgelehnt.
refund-error-amount = Der Betrag passt nicht. Geben Sie einen Betrag über 0 ein. Der Betrag darf höchstens so hoch sein, wie noch erstattbar ist.
refund-error-reason = Der Grund fehlt oder ist zu lang. Bitte geben Sie einen Grund ein. Der Grund darf höchstens 500 Zeichen haben.
case-payment = Zahlung
case-payment-link = Zahlung und Erstattungen bearbeiten
payment-method-card = Karte
payment-method-bank-redirect = Über·weisung im Internet
payment-method-sepa-debit = SEPA-Lastschrift
invoice-inbox-subject = Rechnung für Ihren Antrag { $reference }
invoice-inbox-body =
    { $charge ->
        [tax] Das Amt hat über Ihren Antrag entschieden. Im Bescheid steht: Die Steuer ist { $amount }.
       *[other] Für Ihren Antrag müssen Sie eine Gebühr bezahlen. Die Gebühr ist { $amount }.
    } Bitte bezahlen Sie bis zum { $date }. Das Kassen·zeichen ist die Nummer für Ihre Zahlung: { $cash_reference }. Sie können im Internet bezahlen. Gehen Sie dafür zu „Meine Anträge“. Öffnen Sie dort Ihren Antrag.
invoice-title = Rechnung
invoice-due = Bezahlen bis zum { $date }
invoice-paid = Bezahlt am { $date }
invoice-pay = Jetzt bezahlen ({ $amount })
invoice-overdue = Die Zahlungs·frist ist vorbei.
invoice-reminder-subject = Erinnerung: Bitte bezahlen Sie für Ihren Antrag { $reference }
invoice-reminder-body =
    { $charge ->
        [tax] Sie müssen noch eine Steuer bezahlen.
       *[other] Sie müssen noch eine Gebühr bezahlen.
    } Der Betrag ist { $amount }. Das Kassen·zeichen ist: { $cash_reference }. Der letzte Tag zum Bezahlen war der { $date }. Wir haben das Geld noch nicht bekommen. Bitte bezahlen Sie auf der Seite von Ihrem Antrag. Haben Sie schon bezahlt? Dann ist diese Nachricht nicht mehr wichtig für Sie.
application-event-fee-reminded =
    { $charge ->
        [tax] Erinnerung: Die Steuer ist noch nicht bezahlt. Mehr dazu steht im Post·fach.
       *[other] Erinnerung: Die Gebühr ist noch nicht bezahlt. Mehr dazu steht im Post·fach.
    }
application-event-fee-paid =
    { $charge ->
        [tax] Die Steuer ist bezahlt
       *[other] Die Gebühr ist bezahlt
    }
reconcile-title = Kassen·abgleich
reconcile-lead = Hier sehen Sie die Buchungen von einem Tag. Die Buchungen sind für die Haushalts·buchhaltung. Das ist die Buchhaltung für das Geld von der Stadt. Sie bekommen die Buchungen als CSV-Datei. Darin stehen: Kassen·zeichen, Kosten·stelle, Sach·konto und Betrag in Cent. Sie können die Buchungen auch abgleichen. Abgleichen heißt: Sie vergleichen die Buchungen mit der Abrechnung vom Zahlungs·dienst.
reconcile-bookings = Buchungen vom Tag (CSV)
reconcile-testkasse-file = Abrechnung von der Testkasse für heute herunterladen
reconcile-upload = Abrechnungs·datei vom Zahlungs·dienst für den { $date }
reconcile-compare = Abgleichen
reconcile-all-match = Alles stimmt: { $count } Buchungen.
reconcile-found =
    { $count ->
        [one] 1 Abweichung.
       *[other] { $count } Abweichungen.
    }
reconcile-differences = Abweichungen zwischen unseren Buchungen und der Abrechnung
reconcile-what = Abweichung
reconcile-ours = Unsere Buchung
reconcile-theirs = Abrechnung
reconcile-not-settled = Bei uns gebucht, nicht abgerechnet
reconcile-not-booked = Abgerechnet, bei uns nicht gebucht
reconcile-amount-differs = Betrag ist anders
reconcile-unreadable = Wir können die Abrechnungs·datei nicht lesen. Bitte prüfen Sie: Ist das die richtige Datei? Dann laden Sie die Datei noch einmal hoch.
reconcile-back = Zurück zu den Zahlungen
booking-day = Buchungs·tag
booking-cost-centre = Kosten·stelle
booking-revenue-account = Sach·konto
booking-amount-cents = Betrag in Cent
booking-kind = Art
booking-provider-ref = Nummer vom Zahlungs·dienst
payment-doc-title = Zahlungs·bestätigung
payment-doc-cash-reference = Kassen·zeichen
payment-doc-reference = Akten·zeichen
payment-doc-service = Angebot
payment-doc-payer = Bezahlt von
payment-doc-paid-at = Bezahlt am
payment-doc-method = Zahl·art
payment-doc-item = Wofür
payment-doc-amount = Betrag
payment-doc-total = Zusammen
payment-doc-note = Ein Computer hat diese Bestätigung gemacht. Darum hat sie keine Unterschrift. Die Bestätigung gilt trotzdem. Haben Sie Fragen? Dann sagen Sie uns bitte das Kassen·zeichen.
payment-doc-file-name = Zahlungsbestaetigung
payment-doc-inbox-subject = Zahlungs·bestätigung { $cash_reference }
payment-doc-inbox-body = Wir haben Ihre Zahlung bekommen. Sie haben { $amount } bezahlt. Die Bestätigung ist im Anhang.
decision-doc-fee = Gebühr
decision-doc-fee-paid = Zusammen { $amount }. Sie haben schon mit dem Antrag bezahlt.
decision-doc-fee-invoiced = Zusammen { $amount }. Sie bekommen eine Rechnung in Ihr Post·fach. Auf der Rechnung stehen das Kassen·zeichen und die Zahlungs·frist. Die Zahlungs·frist ist der letzte Tag zum Bezahlen.
decision-doc-fee-waived = Das müssen Sie nicht bezahlen: { $amount }
decision-doc-fee-nothing-due = Sie müssen { $charge ->
    [tax] die Steuer
   *[fee] die Gebühr
 } nicht bezahlen. Sie müssen gar nichts bezahlen.
decision-doc-fee-refunded = Sie bekommen { $amount } zurück. Sie bekommen das Geld auf dem gleichen Weg zurück. So wie Sie bezahlt haben.
decision-doc-waiver-reason = Darum müssen Sie weniger bezahlen
fee-line-waived = Erlass. Das heißt: Das müssen Sie nicht bezahlen.

## Appointments (Termine)

appt-title = Termin buchen
appt-lead = Was möchten Sie beim Amt machen? Wählen Sie es aus. Dann zeigen wir Ihnen die Orte mit dem frühesten freien Termin.
appt-which-services = Was möchten Sie machen?
appt-which-services-hint = Sie können mehrere Sachen bei 1 Termin machen. Dann zählen wir die Zeiten zusammen.
appt-minutes = { $count } Minuten
appt-people = Für wie viele Personen?
appt-people-hint = Jede Person braucht ihre eigene Zeit am Schalter. Zum Beispiel für einen Ausweis.
appt-people-count =
    { $count ->
        [one] 1 Person
       *[other] { $count } Personen
    }
appt-find = Freie Termine suchen
appt-error-no-service = Sie haben noch nichts ausgewählt. Wählen Sie mindestens 1 Sache aus.
appt-where = Wo möchten Sie hin?
appt-no-location = Sie haben mehrere Sachen gewählt. Kein Ort macht alle diese Sachen bei 1 Termin. Buchen Sie darum für jede Sache einen eigenen Termin.
appt-change-services = Andere Sachen wählen
appt-locations-count =
    { $count ->
        [one] 1 Ort
       *[other] { $count } Orte
    }
appt-earliest = Erster freier Termin: { $when }
appt-nothing-free = Hier ist gerade kein Termin frei.
appt-when = Wann möchten Sie kommen?
appt-move-title = Termin verschieben
appt-moving-from = bisher: { $when }
appt-days = Tage
appt-free-count =
    { $count ->
        [one] 1 freie Zeit
       *[other] { $count } freie Zeiten
    }
appt-day-full = kein Termin frei
appt-later-days = Spätere Tage
appt-alternatives = Diese Zeiten sind noch frei
appt-no-slots = An diesem Tag ist kein Termin frei. Wählen Sie einen anderen Tag.
appt-times-on = Freie Zeiten am { $day }
appt-last-place = letzter freier Platz
appt-choose-slot = Diesen Termin wählen
appt-move-submit = Termin auf diese Zeit verschieben
appt-error-no-slot = Sie haben keine Uhr·zeit gewählt. Bitte wählen Sie eine Uhr·zeit aus.
appt-just-taken = Eine andere Person hat diese Zeit gerade genommen. Bitte wählen Sie eine andere Zeit.
appt-cap-reached = Sie haben schon genug Termine für „{ $service }“. Mehr Termine dürfen Sie dafür nicht buchen. Brauchen Sie einen neuen Termin? Dann sagen Sie zuerst einen Termin ab.
appt-hold-title = Termin bestätigen
appt-hold-until = Wir halten diesen Termin für Sie frei. Das gilt bis { $time }.
appt-contact-lead = Geben Sie Ihren Namen und Ihre E-Mail-Adresse ein. Wir schicken Ihnen einen Link. Mit dem Link bestätigen Sie den Termin.
appt-name = Ihr Name
appt-email-hint = An diese Adresse schicken wir den Link zum Bestätigen. Später schicken wir auch die Termin·bestätigung an diese Adresse.
appt-send-link = Link zum Bestätigen schicken
appt-or-sign-in = Sie haben ein Service·konto?
appt-book-as = Sie buchen mit Ihrem Service·konto. Wir schicken die Bestätigung an { $email }.
appt-book-now = Termin jetzt fest buchen
appt-error-name = Ihr Name fehlt. Bitte geben Sie Ihren Namen ein.
appt-error-email = Die E-Mail-Adresse stimmt nicht. Bitte geben Sie eine richtige E-Mail-Adresse ein. Zum Beispiel: name@example.org
appt-check-mail-title = Bitte sehen Sie in Ihre E-Mails
appt-check-mail = Wir haben einen Link an { $email } geschickt. Klicken Sie auf den Link. Erst dann ist der Termin gebucht.
appt-hold-confirmed-elsewhere = Dieser Termin ist schon bestätigt. Die Bestätigung mit allen Angaben ist in Ihren E-Mails.
appt-hold-lapsed = Wir haben den Termin nur eine kurze Zeit für Sie frei·gehalten. Diese Zeit ist vorbei. Jetzt hat eine andere Person den Termin. Bitte wählen Sie eine neue Zeit.
appt-hold-ran-out = Wir haben den Termin nur eine kurze Zeit für Sie frei·gehalten. Diese Zeit ist vorbei. Vielleicht ist der Termin noch frei. Dann können Sie ihn trotzdem bestätigen. Sonst wählen Sie eine neue Zeit.
appt-choose-again = Neue Zeit wählen
appt-confirm-title = Termin bestätigen
appt-confirm-lead = Bitte bestätigen Sie diesen Termin. Erst dann ist der Termin gebucht.
appt-confirm-submit = Termin bestätigen
appt-already-confirmed = Dieser Termin ist schon bestätigt. Wir haben Ihnen die Termin·bestätigung geschickt. Darin ist ein Link. Mit dem Link können Sie den Termin verschieben oder absagen.
appt-fact-when = Wann
appt-fact-where = Wo
appt-fact-what = Wofür
appt-manage-title = Ihr Termin
appt-code = Buchungs·nummer
appt-notice-booked = Ihr Termin ist gebucht. Wir haben Ihnen eine Bestätigung geschickt. Darin ist auch ein Kalender·eintrag.
appt-notice-moved = Ihr Termin ist verschoben. Wir schicken Ihnen eine neue Bestätigung. Die alten Links gehen nicht mehr.
appt-notice-cancelled = Ihr Termin ist abgesagt. Jetzt können andere Menschen die Zeit buchen.
appt-is-cancelled = Dieser Termin ist abgesagt.
appt-book-another = Neuen Termin buchen
appt-ics-download = Termin in den Kalender eintragen (.ics)
appt-move = Termin verschieben
appt-cancel = Termin absagen
appt-cancel-title = Termin absagen
appt-cancel-question = Möchten Sie diesen Termin wirklich absagen? Dann ist die Zeit sofort frei für andere Menschen.
appt-cancel-submit = Ja, Termin absagen
appt-keep = Nein, Termin behalten
appt-not-changeable = Sie können diesen Termin nicht mehr ändern.
appt-my-title = Meine Termine
appt-my-none = Sie haben keine Termine in der nächsten Zeit.
appt-ics-title = Termin
appt-ics-description = Buchungs·nummer { $code } – { $city }
appt-mail-facts = Wann: { $when } · Wo: { $location }, { $address } · Wofür: { $services }
appt-mail-confirm-subject = Bitte bestätigen Sie Ihren Termin
appt-mail-confirm-body = Sie haben einen Termin ausgewählt. Bitte bestätigen Sie den Termin mit dem Link unten. Erst dann ist der Termin gebucht.
appt-mail-confirm-action = Termin bestätigen
appt-mail-confirm-footer = Sie haben keinen Termin gebucht? Dann beachten Sie diese E-Mail nicht. Der Termin wird nach kurzer Zeit von selbst wieder frei.
appt-mail-booked-subject = Ihr Termin am { $when }
appt-mail-booked-body = Ihr Termin ist gebucht. Ihre Buchungs·nummer ist: { $code }.
appt-mail-booked-footer = Im Anhang ist der Termin als Kalender·eintrag. Mit dem Link können Sie den Termin verschieben oder absagen.
appt-mail-manage-action = Termin ansehen, verschieben oder absagen
appt-mail-moved-subject = Ihr Termin ist verschoben: { $when }
appt-mail-moved-body = Ihr Termin { $code } ist verschoben. Die alten Links für diesen Termin gehen nicht mehr.
appt-mail-moved-footer = Im Anhang ist ein neuer Kalender·eintrag. Er ersetzt den alten Eintrag.
appt-mail-cancelled-subject = Ihr Termin ist abgesagt
appt-mail-cancelled-body = Ihr Termin { $code } ist abgesagt.
appt-mail-book-again = Neuen Termin buchen

## At the counter (Schalter, Kiosk, Aufrufanzeige)

display-title = Aufruf·anzeige
display-counter = Schalter
display-empty = Noch niemand ist aufgerufen.
kiosk-title = Anmeldung
kiosk-booked = Ich habe einen Termin
kiosk-code-hint = Die Buchungs·nummer steht in Ihrer Termin·bestätigung. Zum Beispiel: K7QM-3XHT.
kiosk-check-in = Anmelden
kiosk-walk-in = Ohne Termin
kiosk-service = Was möchten Sie machen?
kiosk-take-number = Nummer ziehen
kiosk-your-number = Ihre Nummer
kiosk-done = Fertig
counter-checked-in = Sie sind angemeldet. Bitte sehen Sie auf die Aufruf·anzeige. Dort sehen Sie, wann Sie dran sind.
counter-checked-in-late = Sie sind mehr als 15 Minuten zu spät. Wir rufen Sie auf, wenn ein Schalter frei ist.
counter-checked-in-already = Sie waren schon angemeldet. Bitte sehen Sie auf die Aufruf·anzeige.
counter-checked-in-number = Angemeldet: { $number }.
counter-code-unknown = Für diese Buchungs·nummer gibt es keinen Termin. Bitte prüfen Sie die Nummer. Die Nummer steht in Ihrer Termin·bestätigung.
counter-code-not-today = Ihr Termin ist nicht heute. Oder Ihr Termin ist an einem anderen Ort. Bitte fragen Sie am Empfang.
counter-took-number = Bitte sehen Sie auf die Aufruf·anzeige.
counter-estimate =
    { $count ->
        [0] Gerade wartet niemand ohne Termin.
        [one] 1 Person ohne Termin wartet.
       *[other] { $count } Personen ohne Termin warten.
    }
counter-estimate-minutes = So lange warten Sie ungefähr: { $minutes } Minuten.
counter-title = Schalter
counter-my-counter = Mein Schalter (Nummer)
counter-choose = Schalter wählen
counter-at = Schalter { $counter }
counter-now-serving = Jetzt bei Ihnen: { $number }
counter-call-next = Nächste Person aufrufen
counter-recall = Noch einmal aufrufen
counter-done = Fertig
counter-mark-no-show = Nicht gekommen
counter-called = Die Nummer { $number } ist aufgerufen.
counter-nobody-waiting = Gerade wartet niemand.
counter-finished = Die Nummer { $number } ist fertig.
counter-no-show = Die Nummer { $number } ist nicht gekommen. Das ist jetzt gespeichert.
counter-number-given = Neue Nummer: { $number }.
counter-reception = Empfang
counter-queue = Warte·schlange heute
counter-queue-empty = Niemand wartet.
counter-number = Nummer
counter-kind = Art
counter-kind-booked = mit Termin
counter-kind-walk-in = ohne Termin
counter-due = Termin um
counter-since = Da seit
counter-state = Stand
counter-waiting = wartet
location-waiting-now = Jetzt ohne Termin
appt-mail-cancelled-by-office = Ihr Termin mit der Buchungs·nummer { $code } fällt leider aus. Der Grund ist: { $reason }. Bitte buchen Sie einen neuen Termin. Das tut uns leid.

## Staff: appointment calendars

calendar-title = Termin·kalender
calendar-hours = Öffnungs·zeiten und Schalter
calendar-hours-hint = Schreiben Sie für jeden Wochen·tag die Zeiten. Zum Beispiel: 07:00-12:00,13:00-16:00. Ein leeres Feld heißt: An diesem Tag ist geschlossen. An Feier·tagen in Hamburg ist immer geschlossen.
calendar-booking-counters = Schalter für gebuchte Termine
calendar-booking-counters-hint = Wie viele von { $count } Schaltern sind für Termine? Die anderen Schalter sind für Menschen ohne Termin.
calendar-save = Speichern
calendar-saved = Gespeichert.
calendar-error-hours = Die Zeiten passen nicht. Schreiben Sie die Zeiten so: 07:00-12:00. Trennen Sie mehrere Zeiten mit einem Komma. Oder lassen Sie das Feld leer.
calendar-error-counters = Die Zahl passt nicht. Geben Sie eine Zahl von 1 bis { $count } ein.
calendar-closures = Schließungen
calendar-closures-hint = Rathaus sagt gebuchte Termine in dieser Zeit ab. Die Menschen mit diesen Terminen bekommen eine E-Mail. In der E-Mail steht der Grund.
calendar-whole-day = den ganzen Tag
calendar-remove = Entfernen
calendar-closure-day = Tag
calendar-closure-from = Von (Uhr·zeit)
calendar-closure-hours-hint = Ist der ganze Tag geschlossen? Dann lassen Sie das Feld leer.
calendar-closure-to = Bis (Uhr·zeit)
calendar-closure-reason = Grund
calendar-closure-reason-hint = Der Grund steht in der E-Mail an die Menschen mit Termin. Zum Beispiel: „Betriebs·versammlung“.
calendar-closure-add = Schließung eintragen
calendar-closure-cancelled =
    { $count ->
        [0] Die Schließung ist eingetragen. In dieser Zeit gab es keine Termine.
        [one] Die Schließung ist eingetragen. Rathaus hat 1 Termin abgesagt. Die Person hat eine Nachricht bekommen.
       *[other] Die Schließung ist eingetragen. Rathaus hat { $count } Termine abgesagt. Die Personen haben eine Nachricht bekommen.
    }
calendar-error-day = Der Tag passt nicht. Geben Sie heute oder einen späteren Tag ein.
calendar-error-closure-hours = Die Uhr·zeiten passen nicht. Geben Sie beide Uhr·zeiten ein. Die Zeit bei „Von“ muss vor der Zeit bei „Bis“ sein. Oder lassen Sie beide Felder leer.
calendar-error-reason = Der Grund fehlt oder ist zu lang. Schreiben Sie einen Grund. Der Grund darf höchstens 200 Zeichen haben.
calendar-lengths = Dauer und Ober·grenze für jede Leistung
calendar-service = Leistung
calendar-catalogue-minutes = Minuten im Katalog
calendar-own-minutes = Eigene Minuten
calendar-cap = Termine pro Person
calendar-lengths-hint = Die Ober·grenze sagt: So viele Termine darf 1 Person höchstens haben. Ein Feld ist leer? Dann gilt für die Dauer der Katalog. Und für die Ober·grenze gilt die allgemeine Ober·grenze. Die Ober·grenzen gelten für die ganze Stadt. Nur die Behörde, die dafür zuständig ist, kann Ober·grenzen festlegen.
calendar-kiosks = Kioske und Aufruf·anzeige
calendar-kiosk-name = Name vom Gerät
calendar-kiosk-create = Kiosk-Link erstellen
calendar-kiosk-default = Kiosk
calendar-kiosk-created = Öffnen Sie diesen Link auf dem Kiosk. Sie sehen den Link nur jetzt. Später sehen Sie ihn nicht mehr.
calendar-kiosk-revoke = Sperren
calendar-bookings = Gebuchte Termine
calendar-no-bookings = An diesem Tag hat niemand einen Termin gebucht.

## Staff: figures

figures-title = Kenn·zahlen
figures-from = Von
figures-to = Bis
figures-show = Anzeigen
figures-csv = Als CSV herunterladen
figures-chart-caption = Das Bild zeigt für jeden Tag: Gebuchte Termine sind blau. Besuche ohne Termin sind orange. Die Zahlen stehen auch in der Tabelle.
figures-table-caption = Kenn·zahlen für jeden Tag (Warte·zeit und Vorlauf in Minuten)
figures-day = Tag
figures-bookings = Termine
figures-no-shows = Nicht gekommen
figures-walk-ins = Ohne Termin
figures-wait-median = Warte·zeit (Median)
figures-wait-p90 = Warte·zeit (90. Perzentil)
figures-lead = Vorlauf: Zeit bis zum nächsten freien Termin (Median)

## Fair release and lottery

appt-release-upcoming = Die Termine vom { $days } können Sie ab { $opens } buchen.
appt-release-lottery-upcoming = Die Termine vom { $days } verlosen wir. Verlosen heißt: Der Zufall entscheidet, wer einen Termin bekommt. Sie können vom { $opens } bis { $closes } mitmachen.
appt-release-collecting = Die Termine vom { $days } verlosen wir. Verlosen heißt: Der Zufall entscheidet, wer einen Termin bekommt. Sie können bis { $closes } mitmachen. Es ist egal, wann Sie sich melden. Alle bekommen das Ergebnis per E-Mail.
appt-release-drawing = Gerade verlosen wir die Termine vom { $days }. Danach können alle die Termine buchen, die noch frei sind.
lottery-title = Bei der Verlosung mitmachen
lottery-email-hint = Sie können mit jeder E-Mail-Adresse 1 Mal mitmachen. Wir schicken Ihnen einen Link. Mit dem Link bestätigen Sie: Sie machen mit.
lottery-enter = Bei der Verlosung mitmachen
lottery-check-mail = Wir haben einen Link an { $email } geschickt. Öffnen Sie den Link. Bestätigen Sie dort: Sie machen mit. Erst dann sind Sie bei der Verlosung dabei.
lottery-already = Sie machen mit dieser E-Mail-Adresse schon bei dieser Verlosung mit.
lottery-closed = Bei dieser Verlosung können Sie nicht mehr mitmachen. Die Zeit dafür ist vorbei.
lottery-back = Zurück zu den Terminen
lottery-confirm-title = Teilnahme bestätigen
lottery-confirm-lead = Bitte bestätigen Sie: Sie wollen bei der Verlosung mitmachen.
lottery-confirm-submit = Teilnahme bestätigen
lottery-confirmed = Sie machen bei der Verlosung mit. Die Verlosung endet am { $when }. Danach bekommen Sie das Ergebnis per E-Mail.
lottery-mail-confirm-subject = Bitte bestätigen Sie: Sie machen bei der Termin·verlosung mit
lottery-mail-confirm-body = Sie wollen bei einer Termin·verlosung mitmachen. Bitte bestätigen Sie das. Dafür gibt es unten den Link. Sie können bis { $closes } mitmachen.
lottery-mail-confirm-action = Teilnahme bestätigen
lottery-mail-lost-subject = Termin·verlosung: Diesmal haben Sie keinen Termin bekommen
lottery-mail-lost-body = Sie haben bei der Verlosung diesmal keinen Termin bekommen. Im Internet können Sie jederzeit nach freien Terminen suchen.
calendar-releases = Freigaben und Verlosungen
calendar-releases-hint = Hier legen Sie fest: Die Termine von bestimmten Tagen gibt es erst ab einer bestimmten Zeit. Das heißt Freigabe. Sie können die Termine auch verlosen. Dann haben schnelle Computer·programme keinen Vorteil.
calendar-release-opens = frei ab
calendar-release-lottery-until = Verlosung, Anfragen bis
calendar-release-waiting = wartet auf Freigabe
calendar-release-collecting = nimmt Anfragen an
calendar-release-drawing = wird gerade verlost
calendar-release-open = frei zum Buchen
calendar-release-first = Erster Tag
calendar-release-last = Letzter Tag
calendar-release-opens-day = Freigabe am
calendar-release-opens-time = Freigabe um
calendar-release-lottery = Termine verlosen
calendar-release-closes-day = Anfragen bis (Tag)
calendar-release-closes-hint = Nur bei einer Verlosung.
calendar-release-closes-time = Anfragen bis (Uhr·zeit)
calendar-release-add = Freigabe anlegen
calendar-error-release-days = Die Tage passen nicht. Geben Sie den ersten und den letzten Tag ein. Beide Tage müssen heute oder später sein. Der erste Tag muss vor dem letzten Tag sein. Oder es ist der gleiche Tag.
calendar-error-release-opens = Tag oder Uhr·zeit fehlt. Geben Sie den Tag und die Uhr·zeit für die Freigabe ein.
calendar-error-release-closes = Für die Verlosung fehlt ein Ende. Geben Sie ein: Bis wann sind Anfragen möglich? Diese Zeit muss nach der Freigabe sein.

## Waitlist for an earlier appointment

appt-waitlist-title = Früher drankommen?
appt-waitlist-explain = Vielleicht wird an diesem Ort eine frühere Zeit frei. Dann schreiben wir Ihnen. Wer zuerst fragt, bekommt zuerst ein Angebot. Wir halten die Zeit dann { $minutes } Minuten für Sie frei. Ihr jetziger Termin bleibt. Er ändert sich erst, wenn Sie die neue Zeit nehmen.
appt-waitlist-join = Bei früherer Zeit benachrichtigen
appt-waitlist-on = Sie stehen seit { $since } auf der Warte·liste für eine frühere Zeit.
appt-waitlist-leave = Nicht mehr benachrichtigen
appt-notice-waitlist-joined = Sie stehen auf der Warte·liste. Wird eine frühere Zeit frei? Dann schreiben wir Ihnen sofort.
appt-notice-waitlist-left = Sie stehen nicht mehr auf der Warte·liste. Ihr Termin bleibt gleich.
appt-offer-title = Eine frühere Zeit für Ihren Termin
appt-offer-for = Für Ihren Termin mit der Buchungs·nummer { $code } ist eine frühere Zeit frei:
appt-offer-current = Ihr jetziger Termin: { $when }
appt-offer-until = Wir halten diese Zeit für Sie frei bis { $until }.
appt-offer-take = Frühere Zeit nehmen
appt-offer-decline = Nein danke, Termin behalten
appt-offer-gone = Dieses Angebot gilt nicht mehr. Ihr Termin bleibt gleich.
appt-mail-offer-subject = Früherer Termin frei: { $when }
appt-mail-offer-body = Ihr Termin mit der Buchungs·nummer { $code } ist jetzt am { $current }. Für diesen Termin ist eine frühere Zeit frei. Die frühere Zeit ist:
appt-mail-offer-until = Wir halten diese Zeit für Sie frei bis { $until }.
appt-mail-offer-action = Frühere Zeit ansehen
appt-mail-offer-footer = Sie wollen die frühere Zeit nicht? Dann müssen Sie nichts tun. Ihr Termin bleibt gleich. Die frühere Zeit bekommt dann die nächste Person. Sie wollen noch mehr Angebote? Dann tragen Sie sich wieder ein. Das geht auf der Seite von Ihrem Termin.
calendar-rush = Schutz bei großem Andrang
calendar-rush-lead = Andrang heißt: Sehr viele Menschen wollen gleichzeitig einen Termin. Zum Beispiel bei einer Freigabe. Dann muss jeder Browser erst eine kleine Rechen·aufgabe lösen. Danach kann er eine Zeit vormerken. Ist JavaScript ausgeschaltet? Dann wartet die Person stattdessen ein paar Sekunden. Manche Computer·programme holen sich sehr viele Termine auf einmal. Der Schutz macht diese Programme langsamer. Menschen merken davon kaum etwas. Der Schutz hört von selbst auf.
calendar-rush-on = Der Schutz ist eingeschaltet bis { $until }.
calendar-rush-is-off = Der Schutz ist ausgeschaltet.
calendar-rush-for = Einschalten für
calendar-rush-hours =
    { $count ->
        [one] 1 Stunde
       *[other] { $count } Stunden
    }
calendar-rush-switch-on = Schutz einschalten
calendar-rush-off = Schutz ausschalten
calendar-rush-switched-on = Der Schutz bei großem Andrang ist jetzt eingeschaltet.
calendar-rush-switched-off = Der Schutz bei großem Andrang ist jetzt ausgeschaltet.
appt-challenge-working = Bitte warten Sie kurz. Wir bereiten Ihren Termin vor.
appt-challenge-stale = Die Seite war zu lange offen. Bitte wählen Sie die Uhr·zeit noch einmal.
appt-wait-title = Bitte warten Sie kurz
appt-wait-lead = Gerade wollen sehr viele Menschen hier einen Termin. Alle sollen die gleiche Chance haben. Darum müssen Sie kurz warten.
appt-wait-seconds =
    { $seconds ->
        [one] Warten Sie noch 1 Sekunde. Dann drücken Sie auf „Weiter“.
       *[other] Warten Sie noch { $seconds } Sekunden. Dann drücken Sie auf „Weiter“.
    }
appt-wait-choice = Ihre Uhr·zeit: { $time }
appt-wait-continue = Weiter
sign-in-no-account = Sie haben noch kein Service·konto?
sign-in-why-account = Mit einem Service·konto können Sie Anträge im Internet stellen. Sie können Gebühren bezahlen. Und Sie bekommen Briefe vom Amt in Ihr Post·fach.
second-factor-set-up = App einrichten
second-factor-other-ways = Andere Möglichkeiten
recovery-done-continue = Ich habe die Codes aufgeschrieben. Weiter.
recovery-download = Codes herunterladen
service-needs-low = Dafür brauchen Sie ein Service·konto.
service-needs-substantial = Dafür brauchen Sie ein Service·konto mit einer extra Sicherung. Zum Beispiel mit einer App auf dem Handy. Sie können die App auf dem Weg einrichten.
service-needs-high = Dafür brauchen Sie ein Service·konto und Ihren Ausweis mit Online-Funktion.
case-request-respond-by = Antwort bis
case-request-respond-by-hint = Bis zu diesem Tag soll die Person antworten. Rathaus erinnert die Person 3 Tage vorher.
case-error-respond-by = Der Tag passt nicht. Geben Sie einen Tag nach heute ein. Der Tag darf höchstens 90 Tage in der Zukunft sein.
case-waiting-until = Antwort bis { $date }
application-respond-by = Bitte antworten Sie bis zum { $date }.
application-expected-decision = Wir entscheiden wahrscheinlich bis
invoice-paid-notice = Danke. Sie haben bezahlt. Das Geld ist da.
application-decision-link = Brief vom Amt ansehen
appt-prepare-title = Das bringen Sie mit
appt-bring-title = Bitte bringen Sie diese Sachen mit:
appt-bring-nothing = Sie brauchen keine Papiere.
appt-bring-each-person = Jede Person bringt ihre eigenen Papiere mit.
appt-bring-fee = Das kostet es: { $fees }. Sie bezahlen beim Termin.
appt-bring-code = Sagen Sie am Empfang Ihre Buchungs·nummer.
appt-directions = So kommen Sie hin (Karte)
appt-mail-reminder-subject = Erinnerung: Ihr Termin am { $when }
appt-mail-reminder-body = Sie haben bald einen Termin. Ihre Buchungs·nummer ist: { $code }.
appt-mail-reminder-footer = Sie können nicht kommen? Dann sagen Sie den Termin bitte ab. Dafür gibt es den Link. Dann kann eine andere Person den Termin haben.
nav-menu = Menü
nav-contact = Kontakt
contact-title = Kontakt
contact-lead = So erreichen Sie die Stadt.
contact-own-title = Sie haben eine Frage zu Ihrem Antrag?
contact-own-text = Gehen Sie zu: Meine Anträge. Dort sehen Sie: So weit ist Ihr Antrag. Dort sind auch die Briefe von der Behörde. Sie können im Postfach eine Antwort schreiben.
contact-visit-title = Sie wollen persönlich kommen?
contact-visit-text = Buchen Sie einen Termin. Dann müssen Sie nicht warten.
contact-agencies-title = Ämter und wie Sie sie erreichen
contact-agencies-lead = Hier finden Sie für jedes Amt: die Telefon·nummer, die E-Mail-Adresse und die Orte. Und Sie sehen: Hat das Amt heute offen?
contact-no-location = Sie erreichen dieses Amt am Telefon oder per E-Mail. Dieses Amt hat keinen Ort für Besucher.
search-none-contact = Sie können uns auch fragen:
search-shortcut-applications = Meine Anträge
search-shortcut-applications-text = Hier sehen Sie: So weit ist Ihr Antrag.
search-shortcut-contact = Kontakt
search-shortcut-contact-text = Telefon, E-Mail und Orte von allen Ämtern.
search-shortcut-inbox = Post·fach
search-shortcut-inbox-text = Nachrichten und Briefe, die die Ämter Ihnen geschickt haben.
search-shortcut-appointments = Termin buchen
search-shortcut-appointments-text = Einen Termin bei einem Amt buchen, verschieben oder absagen.
search-shortcuts-label = Direkt dorthin
home-tasks = Das geht schnell
home-locations-open = Heute offen
home-locations-closed-today = Heute sind alle Orte geschlossen.
home-all-locations = Alle { $count } Orte mit Öffnungs·zeiten
service-contact-more = Sie haben eine Frage? Hier finden Sie Hilfe.
staff-nav-label = Arbeits·bereich für die Verwaltung
staff-nav-start = Übersicht
staff-nav-queue = Vorgänge
staff-nav-templates = Text·vorlagen
staff-nav-calendar = Termin·kalender
staff-nav-payments = Zahlungen
staff-nav-mailroom = Versand
staff-nav-security = Mein Zugang
case-event-started = Antrag begonnen (Entwurf)
case-event-prefilled = Angaben aus dem Service·konto übernommen
case-event-submitted = Antrag ist angekommen
case-event-review-started = Prüfung begonnen
case-event-information-requested = Person um Angaben oder Unterlagen gebeten
case-event-review-resumed = Prüfung geht weiter
case-event-decided-approved = Entschieden: bewilligt
case-event-decided-rejected = Entschieden: abgelehnt
case-event-decided-partly = Entschieden: zum Teil bewilligt
case-event-delivered = Ergebnis zugestellt
case-event-closed = Vorgang abgeschlossen
case-event-withdrawn = Die Person hat den Antrag zurückgezogen
case-event-decision-corrected = Bescheid berichtigt
case-event-publication-drafted = Entwurf für das Transparenz·portal angelegt
case-event-correction-sent = Berichtigten Bescheid mit der Post verschickt
case-event-refunded = Geld zurückgezahlt
case-event-fee-reminded =
    Zahlungs·erinnerung verschickt: { $charge ->
        [tax] Steuer
       *[other] Gebühr
    } noch nicht bezahlt
case-event-fee-paid =
    { $charge ->
        [tax] Steuer
       *[other] Gebühr
    } bezahlt
template-title = Text·vorlagen
template-lead = Manche Texte schreiben Sie oft. Speichern Sie diese Texte hier 1 Mal für Ihre Behörde. Dann können Sie die Texte in jedem Vorgang benutzen. Sie fügen die Texte in eine Nachricht oder in eine Nachforderung ein. Nachforderung heißt: Sie bitten die Person um mehr Angaben oder Unterlagen.
template-list = Vorlagen von Ihrer Behörde
template-none = Es gibt noch keine Vorlagen. Legen Sie unten die erste Vorlage an.
template-new = Neue Vorlage
template-edit = Vorlage ändern
template-agency = Behörde
template-field-title = Titel
template-field-title-hint = Mit dem Titel finden Sie die Vorlage im Vorgang. Zum Beispiel: „Nachweis für die Haftpflicht·versicherung fehlt“.
template-field-body = Text
template-field-body-hint = Sie können Platz·halter benutzen: { "{" }Aktenzeichen{ "}" }, { "{" }Name{ "}" } und { "{" }Leistung{ "}" }. Im Vorgang setzt Rathaus dafür die richtigen Angaben ein. Zum Beispiel den richtigen Namen.
template-save = Vorlage speichern
template-delete = Vorlage löschen
template-back = Zurück zur Liste
template-info-saved = Die Vorlage ist gespeichert.
template-info-deleted = Die Vorlage ist gelöscht.
template-error-agency = Die Behörde passt nicht. Wählen Sie eine Behörde. Sie müssen für diese Behörde Vorgänge bearbeiten.
template-error-title = Der Titel fehlt oder ist zu lang. Schreiben Sie einen Titel. Der Titel darf höchstens 120 Zeichen haben.
template-error-body = Der Text fehlt oder ist zu lang. Schreiben Sie einen Text. Der Text darf höchstens 5000 Zeichen haben.
template-insert = Vorlage einfügen:
application-step-of = von
check-print = Ihre Antworten zum Drucken
print-title = Zum Drucken
print-back = Zurück zu Ihren Antworten
print-saved = Gespeichert am: { $time }
print-draft = Achtung: Sie haben den Antrag noch nicht abgeschickt.
print-button = Drucken
recovery-print = Codes drucken
security-set-up-then-back = Richten Sie hier einen Passkey oder eine App ein. Danach kommen Sie zurück zu Ihrer Aufgabe.

## Transparency portal

nav-transparency = Transparenz·portal
role-reviewer = Veröffentlichungen freigeben
transparency-title = Transparenz·portal
transparency-lead = Transparenz heißt: Alle Menschen können sehen, was die Stadt macht. Darum stellt die Stadt viele Papiere und Daten ins Internet. Zum Beispiel: Verträge. Pläne für das Geld von der Stadt. Oder Zahlen über die Umwelt. Ein Gesetz sagt: Die Stadt muss das machen. Wir nennen diese Papiere und Daten: Veröffentlichungen. Alle Menschen dürfen die Veröffentlichungen ansehen. Sie brauchen dafür kein Service·konto. Sie können die Dateien herunterladen. Und Sie dürfen die Dateien benutzen. Bei jeder Veröffentlichung stehen die Regeln dafür.
transparency-total =
    { $count ->
        [one] Hier gibt es 1 Veröffentlichung.
       *[other] Hier gibt es { $count } Veröffentlichungen.
    }
transparency-all = Alle Veröffentlichungen ansehen
transparency-newest = Das ist neu
transparency-none-yet = Es gibt noch keine Veröffentlichungen.
transparency-categories = Arten von Informationen
transparency-list-title = Veröffentlichungen
transparency-found =
    { $count ->
        [one] Wir haben 1 Veröffentlichung gefunden.
       *[other] Wir haben { $count } Veröffentlichungen gefunden.
    }
transparency-filter-reset = Wieder alle Veröffentlichungen zeigen
transparency-filter-remove = Diese Auswahl löschen
transparency-results = Das haben wir gefunden
transparency-pages = Seiten
transparency-page-of = Seite { $page }
transparency-previous = Seite davor
transparency-next = Nächste Seite
transparency-resources = Dateien und Links
transparency-no-resources = Es gibt noch keine Dateien oder Links.
transparency-download = Herunterladen
transparency-download-original = Original ohne schwarze Stellen herunterladen
transparency-open-link = Link öffnen
transparency-redacted = mit schwarzen Stellen
transparency-preview = So fängt die Datei an: { $name }
transparency-preview-more = Hier sehen Sie nur die ersten Zeilen. Die ganze Tabelle ist in der Datei. Laden Sie die Datei herunter. Dann sehen Sie alles.
transparency-metadata = Mehr Informationen zu dieser Veröffentlichung
transparency-licence-text = Die Regeln für die Benutzung lesen
transparency-cite = So schreiben Sie, woher Sie das haben
transparency-history = Das hat sich geändert
transparency-revision = Fassung { $number }
transparency-tombstone-title = Diese Veröffentlichung gibt es nicht mehr
transparency-tombstone-date = Die Stadt hat die Veröffentlichung am { $date } aus dem Internet genommen.
transparency-withdrawn-because = Der Grund ist: { $reason }
transparency-publisher = Von diesem Amt
transparency-category = Art von Information
transparency-themes = Themen
transparency-theme = Thema
transparency-format = Format
transparency-licence = Regeln für die Benutzung
transparency-contact = Kontakt
transparency-legal-basis = Rechts·grundlage (Gesetz)
transparency-spatial = Gebiet
transparency-frequency = So oft gibt es neue Daten
transparency-keywords = Wichtige Wörter
transparency-issued = Erstellt am
transparency-temporal = Zeit·raum
transparency-published-at = Im Internet seit
transparency-modified = Zuletzt geändert
transparency-category-senatsbeschluss = Entscheidung vom Senat
transparency-category-mitteilung = Nachricht an die Bürgerschaft (Parlament)
transparency-category-vertrag = Vertrag
transparency-category-gutachten = Gutachten (Bericht von Fach·leuten)
transparency-category-baugenehmigung = Bau·genehmigung
transparency-category-genehmigung = Andere Erlaubnis
transparency-category-haushaltsplan = Plan für das Geld (Haushalts·plan)
transparency-category-statistik = Statistik
transparency-category-umweltdaten = Umwelt·daten
transparency-category-geodaten = Geo·daten (Daten für Karten)
transparency-category-bauleitplan = Bau·leit·plan (Plan für das Bauen)
transparency-category-verwaltungsvorschrift = Verwaltungs·vorschrift (Regeln für die Ämter)
transparency-category-taetigkeitsbericht = Bericht über die Arbeit
transparency-category-zuwendung = Zuwendung (Geld von der Stadt)
transparency-category-unternehmensdaten = Daten von Firmen der Stadt
transparency-theme-agri = Land·wirtschaft, Fischerei, Wald und Lebens·mittel
transparency-theme-econ = Wirtschaft und Geld
transparency-theme-educ = Bildung, Kultur und Sport
transparency-theme-ener = Energie
transparency-theme-envi = Umwelt
transparency-theme-gove = Regierung und Ämter
transparency-theme-heal = Gesundheit
transparency-theme-intr = Internationale Themen
transparency-theme-just = Gerichte, Recht und Sicherheit
transparency-theme-regi = Regionen und Städte
transparency-theme-soci = Menschen und Gesellschaft
transparency-theme-tech = Wissenschaft und Technik
transparency-theme-tran = Verkehr
transparency-licence-dl-by-de-2-0 = Datenlizenz Deutschland – Namensnennung – 2.0
transparency-licence-dl-zero-de-2-0 = Datenlizenz Deutschland – Zero – 2.0
transparency-licence-cc-by-4-0 = Creative Commons Namensnennung 4.0
transparency-licence-cc-by-sa-4-0 = Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen 4.0
transparency-licence-cc-zero = Creative Commons Zero (frei für alle)
transparency-licence-officialwork = Amtliches Werk: frei für alle (§ 5 Urheber·rechts·gesetz)
transparency-frequency-daily = jeden Tag
transparency-frequency-weekly = jede Woche
transparency-frequency-monthly = jeden Monat
transparency-frequency-quarterly = alle 3 Monate
transparency-frequency-annual = jedes Jahr
transparency-frequency-irreg = zu verschiedenen Zeiten
transparency-frequency-never = keine neuen Daten
transparency-format-pdf = PDF
transparency-format-csv = CSV-Tabelle
transparency-format-json = JSON
transparency-format-geojson = GeoJSON
transparency-format-xlsx = Excel-Tabelle
transparency-format-ods = OpenDocument-Tabelle
transparency-format-zip = ZIP-Datei
transparency-format-html = Link
transparency-status-draft = Entwurf
transparency-status-in-review = Wird geprüft
transparency-status-scheduled = Freigabe geplant
transparency-status-published = Veröffentlicht
transparency-status-withdrawn = Zurückgezogen
transparency-desk-title = Veröffentlichungen
transparency-desk-lead = Hier legen Sie Entwürfe an. Sie lassen Dateien prüfen. Und Sie geben Veröffentlichungen frei. Eine 2. Person prüft alles vor der Veröffentlichung. Personen·bezogene Daten sind Angaben über einen Menschen. Zum Beispiel: ein Name oder eine Adresse. Diese Daten machen Sie schwarz. Das heißt: schwärzen. Oder Sie geben die Daten frei. Dann schreiben Sie einen Grund dazu.
transparency-desk-none = Keine.
transparency-new-title = Neue Veröffentlichung
transparency-edit-title = Angaben ändern
transparency-choose = Bitte wählen
transparency-field-title = Titel
transparency-field-name = Kurz·name für die Internet·adresse
transparency-field-name-hint = Erlaubt sind: kleine Buchstaben, Zahlen und Binde·striche. Zum Beispiel: baugenehmigung-elbchaussee-2026. Der Kurz·name steht in der Internet·adresse. Er steht auch in der CKAN-Schnittstelle. Über diese Schnittstelle holen Programme die offenen Daten.
transparency-field-description = Beschreibung
transparency-field-description-hint = Worum geht es? Bitte schreiben Sie keine Namen. Und keine anderen personen·bezogenen Daten.
transparency-field-themes-hint = Wählen Sie mindestens 1 Thema.
transparency-field-keywords-hint = Schreiben Sie ein Komma zwischen die Wörter. Zum Beispiel: Radverkehr, Zählung
transparency-field-contact-name = Ansprech·stelle
transparency-field-contact-name-hint = Schreiben Sie hier ein Amt oder eine Abteilung. Schreiben Sie keinen Namen von einer Person. Zum Beispiel: Fachamt Bauprüfung.
transparency-field-contact-email = E-Mail-Adresse von der Ansprech·stelle
transparency-field-temporal-start = Zeit·raum von
transparency-field-temporal-end = Zeit·raum bis
transparency-field-legal-basis-hint = Zum Beispiel: § 3 Abs. 1 Nr. 13 HmbTG. Das heißt: Paragraf 3, Absatz 1, Nummer 13 im Hamburgischen Transparenz·gesetz.
transparency-field-title-en = Titel auf Englisch
transparency-field-description-en = Beschreibung auf Englisch
transparency-save = Speichern
transparency-cancel = Abbrechen
transparency-error-agency = Bitte wählen Sie eine Behörde. Sie müssen für diese Behörde veröffentlichen dürfen.
transparency-error-name = Der Kurz·name passt nicht. Bitte geben Sie einen Kurz·namen mit 2 bis 100 Zeichen ein. Erlaubt sind: kleine Buchstaben, Zahlen, Binde·striche und Unter·striche.
transparency-error-title = Bitte geben Sie einen Titel ein. Der Titel darf höchstens 300 Zeichen haben.
transparency-error-description = Bitte geben Sie eine Beschreibung ein. Die Beschreibung darf höchstens 20.000 Zeichen haben.
transparency-error-category = Bitte wählen Sie die Art von Information.
transparency-error-themes = Bitte wählen Sie mindestens 1 Thema.
transparency-error-keywords = Ein Schlag·wort ist zu lang. Ein Schlag·wort darf höchstens 100 Zeichen haben. Bitte kürzen Sie das Schlag·wort.
transparency-error-licence = Bitte wählen Sie eine Lizenz. Die Lizenz sagt: So dürfen andere Menschen die Daten benutzen.
transparency-error-contact-name = Bitte geben Sie die Ansprech·stelle ein.
transparency-error-contact-email = Die E-Mail-Adresse passt nicht. Bitte geben Sie eine richtige E-Mail-Adresse ein. Zum Beispiel: name@beispiel.de
transparency-error-date = Das Datum passt nicht. Bitte geben Sie ein Datum so ein: 31.12.2026
transparency-error-temporal = Das Ende vom Zeit·raum ist vor dem Anfang. Das geht nicht. Bitte prüfen Sie die beiden Daten.
transparency-error-frequency = Bitte wählen Sie: Wie oft bekommt die Veröffentlichung neue Daten?
transparency-error-legal-basis = Bitte geben Sie die Rechts·grundlage ein. Das ist das Gesetz für diese Veröffentlichung.
transparency-error-format = Wir können diese Datei nicht annehmen. Erlaubt sind diese Formate: PDF, CSV, JSON, GeoJSON, XLSX, ODS und ZIP. Der Inhalt muss zum Datei·namen passen. Zum Beispiel: Die Datei „bericht.pdf“ muss wirklich eine PDF-Datei sein.
transparency-error-no-file = Bitte wählen Sie eine Datei aus.
transparency-error-url = Die Adresse passt nicht. Bitte geben Sie die ganze Internet·adresse ein. Zum Beispiel: https://geoportal.beispiel.de/karte
transparency-error-reason = Bitte geben Sie einen Grund ein. Der Grund darf höchstens 2.000 Zeichen haben.
transparency-error-release-at = Der Zeit·punkt muss in der Zukunft sein. Bitte geben Sie Datum und Uhr·zeit ein. Zum Beispiel: 2027-01-15T09:00. Das heißt: 15. Januar 2027 um 9 Uhr.
transparency-name-taken = Diesen Kurz·namen gibt es schon. Bitte wählen Sie einen anderen Kurz·namen.
transparency-metadata-personal = In Ihren Angaben sind wahrscheinlich personen·bezogene Daten: { $text }. Bitte löschen Sie diese Daten aus dem Titel, aus der Beschreibung und aus den Schlag·wörtern.
transparency-refused-title = Das hat nicht geklappt
transparency-refused-own-work = Sie haben diesen Entwurf angelegt oder zur Prüfung gegeben. Oder Sie haben Dateien dazu hochgeladen. Darum muss eine andere Person den Entwurf freigeben. Das nennt man: Vier-Augen-Prinzip. Das heißt: 2 Personen sehen sich alles an.
transparency-refused-findings-open = Die Prüfung auf personen·bezogene Daten hat etwas gefunden. Noch nicht jeder Fund ist entschieden. Bitte entscheiden Sie für jeden Fund: Sie schwärzen den Fund. Oder Sie schreiben einen Grund: Warum ist der Fund nicht personen·bezogen?
transparency-refused-unreadable = Eine Datei ist nicht lesbar. Darum können wir die Datei nicht prüfen. Sie können die Datei nur mit einer Ausnahme freigeben. Für die Ausnahme schreiben Sie einen Grund.
transparency-refused-nothing-waiting = Hier wartet nichts auf eine Freigabe.
transparency-refused-wrong-state = Das geht bei diesem Bearbeitungs·stand nicht. Bitte laden Sie die Seite neu. Dann sehen Sie den aktuellen Stand.
transparency-refused-not-editable = Bei diesem Stand können Sie nichts ändern. Geben Sie die Veröffentlichung zuerst zur Bearbeitung zurück.
transparency-refused-no-resource = Es fehlt eine Datei oder ein Link. Bitte fügen Sie zuerst mindestens 1 Datei oder 1 Link hinzu.
transparency-refused-already-released = Diese Datei ist schon freigegeben.
transparency-refused-readable = Diese Datei ist lesbar. Darum prüfen wir die Datei. Sie brauchen keine Ausnahme.
transparency-refused-changed-meanwhile = Jemand hat die Veröffentlichung gerade geändert. Bitte laden Sie die Seite neu.
transparency-refused-not-publishable = Bescheide von dieser Leistung veröffentlichen wir nicht. Ein Bescheid ist ein Brief vom Amt mit einer Entscheidung. Im Leistungs·katalog steht: Veröffentlichen wir eine Leistung? Das steht dort im Feld „publication“.
transparency-refused-decision-erased = Der Inhalt von diesem Bescheid ist gelöscht. Denn die Aufbewahrungs·frist ist vorbei. Das heißt: Das Amt muss den Bescheid nur eine bestimmte Zeit aufheben. Sie können den Bescheid nicht mehr veröffentlichen.
transparency-refused-decision-corrected = Dieser Bescheid ist berichtigt. Das heißt: Jemand hat einen Fehler im Bescheid verbessert. Bitte veröffentlichen Sie den berichtigten Bescheid.
transparency-refused-decision-rejected = Ablehnungen veröffentlichen wir nicht. Wir veröffentlichen nur Bescheide, die etwas erlauben.
transparency-refused-already-drafted = Aus diesem Vorgang gibt es schon eine Veröffentlichung. Bitte bearbeiten Sie diese Veröffentlichung. Oder ziehen Sie die Veröffentlichung zurück. Danach können Sie eine neue Veröffentlichung anlegen.
transparency-redaction-unreadable = Sie können diese Datei nicht schwärzen. Denn der Inhalt ist nicht lesbar. Bitte ersetzen Sie die Datei durch eine bereinigte Fassung. Das heißt: eine Datei ohne personen·bezogene Daten.
transparency-scheduled-for = Freigabe geplant für: { $date }
transparency-public-page = Öffentliche Seite ansehen
transparency-waiting = wartet auf Freigabe
transparency-unreadable = Nicht lesbar: { $why }
transparency-unreadable-no-text-layer = In der PDF-Datei ist kein Text. Wahrscheinlich ist die Datei ein Scan. Das heißt: ein Foto von einem Papier.
transparency-unreadable-damaged = Die Datei ist kaputt oder verschlüsselt.
transparency-unreadable-archive = Wir öffnen keine ZIP-Dateien für die Prüfung.
transparency-override = Ohne Prüfung freigeben
transparency-override-reason = Grund für die Ausnahme
transparency-override-hint = Zum Beispiel: Ich habe alle Seiten angesehen. Es gibt keine personen·bezogenen Daten. Rathaus speichert die Ausnahme.
transparency-override-given = Ausnahme mit Grund: { $reason }
transparency-remove = Entfernen
transparency-add-file = Datei hinzufügen
transparency-add-link = Link hinzufügen
transparency-resource-name = Name
transparency-resource-description = Beschreibung
transparency-file = Datei
transparency-file-hint = Erlaubt sind: PDF, CSV, JSON, GeoJSON, XLSX, ODS oder ZIP. Wir prüfen den Text sofort auf personen·bezogene Daten.
transparency-upload = Hochladen
transparency-link-url = Internet·adresse (URL)
transparency-check = Prüfung auf personen·bezogene Daten
transparency-check-clean = Nichts gefunden.
transparency-check-count =
    { $count ->
        [one] 1 Fund.
       *[other] { $count } Funde.
    }
transparency-check-open =
    { $count ->
        [0] Alles ist entschieden.
        [one] 1 Fund wartet auf Ihre Entscheidung.
       *[other] { $count } Funde warten auf Ihre Entscheidung.
    }
transparency-finding-where = In: { $resource }
transparency-finding-page = Seite { $page }
transparency-finding-line = Zeile { $line }
transparency-finding-open = offen
transparency-finding-redacted = geschwärzt
transparency-finding-not-personal = nicht personen·bezogen
transparency-kind-email = E-Mail-Adresse
transparency-kind-iban = IBAN
transparency-kind-tax-id = Steuer-Identifikations·nummer
transparency-kind-birth-date = Geburts·datum
transparency-kind-phone = Telefon·nummer
transparency-kind-licence-plate = Kenn·zeichen von einem Fahrzeug
transparency-kind-address = Adresse
transparency-kind-name = Name von einer Person
transparency-redact = Schwärzen
transparency-finding-proposed = Aus dem Antrag bekannt
transparency-redact-proposed = Alle Vorschläge aus dem Antrag schwärzen
transparency-redact-proposed-hint = { $count } Funde sind Daten von der Person, die den Antrag gestellt hat. Wir kennen diese Daten aus dem Antrag. Sie können die Funde einzeln schwärzen. Oder Sie schwärzen alle auf einmal.
transparency-from-case = Aus dem Vorgang { $reference }
transparency-done-vorschlaege-geschwaerzt = Die Vorschläge aus dem Antrag sind jetzt geschwärzt.
transparency-done-aus-bescheid = Der Entwurf aus dem Bescheid ist angelegt. Bitte prüfen Sie die Angaben. Dann geben Sie den Entwurf zur Freigabe weiter.
transparency-not-personal = Nicht personen·bezogen
transparency-not-personal-reason = Warum ist das nicht personen·bezogen?
transparency-workflow = Bearbeitungs·stand
transparency-submit = Zur Prüfung geben
transparency-submit-hint = Danach prüft eine andere Person die Funde. Dann gibt die Person die Veröffentlichung frei.
transparency-send-back = Zur Bearbeitung zurückgeben
transparency-send-back-note = Hinweis
transparency-release-when = Wann veröffentlichen?
transparency-release-now = Sofort
transparency-release-later = Zu einem festen Zeit·punkt
transparency-release-at = Datum und Uhr·zeit (Zeit in Hamburg)
transparency-release = Freigeben
transparency-cancel-release = Geplante Freigabe absagen
transparency-withdraw = Zurückziehen
transparency-withdraw-reason = Grund für das Zurückziehen
transparency-withdraw-hint = Alle Menschen können den Grund sehen.
transparency-nothing-to-do = Gerade haben Sie hier keine Aufgabe.
transparency-done-angelegt = Der Entwurf ist angelegt. Fügen Sie jetzt Dateien oder Links hinzu.
transparency-done-gespeichert = Die Angaben sind gespeichert.
transparency-done-eingereicht = Zur Prüfung gegeben.
transparency-done-zurueckgegeben = Zur Bearbeitung zurückgegeben.
transparency-done-freigegeben = Freigegeben und veröffentlicht.
transparency-done-geplant = Die Freigabe ist geplant.
transparency-done-aufgehoben = Die geplante Freigabe ist abgesagt.
transparency-done-zurueckgezogen = Zurückgezogen. Auf der öffentlichen Seite stehen das Datum und der Grund.
transparency-done-datei = Die Datei ist hochgeladen und geprüft.
transparency-done-link = Der Link ist hinzugefügt.
transparency-done-entfernt = Entfernt.
transparency-done-geschwaerzt = Geschwärzt. Der Text ist jetzt nicht mehr in der veröffentlichten Fassung.
transparency-done-geklaert = Gespeichert: nicht personen·bezogen.
transparency-done-ausnahme = Die Ausnahme ist gespeichert.
transparency-change-created = Angelegt
transparency-change-edited = Angaben geändert
transparency-change-resource-added = Datei oder Link hinzugefügt
transparency-change-resource-removed = Datei oder Link entfernt
transparency-change-submitted = Zur Prüfung gegeben
transparency-change-sent-back = Zur Bearbeitung zurückgegeben
transparency-change-released = Veröffentlicht
transparency-change-scheduled = Freigabe geplant
transparency-change-published = Zur geplanten Zeit veröffentlicht
transparency-change-release-cancelled = Geplante Freigabe abgesagt
transparency-change-withdrawn = Zurückgezogen
transparency-change-resources-released = Neue Dateien veröffentlicht
transparency-change-finding-redacted = Fund geschwärzt
transparency-change-finding-cleared = Fund ist nicht personen·bezogen
transparency-change-proposed-redacted = Vorschläge aus dem Antrag geschwärzt
transparency-change-unreadable-override = Ausnahme für nicht lesbare Datei
transparency-search-title = Suchen im Transparenz·portal
transparency-search-for = Suche nach „{ $q }“
transparency-search-label = Was suchen Sie?
transparency-search-hint = Wir suchen auch im Text von den Dateien. Sie wollen mehrere Wörter genau in dieser Reihen·folge finden? Dann schreiben Sie die Wörter in Anführungs·zeichen. Zum Beispiel: "Senat beschließt".
transparency-search-none = Wir haben nichts gefunden. Versuchen Sie ein anderes Wort. Oder löschen Sie Ihre Auswahl.
transparency-sort = Reihen·folge
transparency-sort-relevance = Passt am besten
transparency-sort-newest = Neueste zuerst
transparency-narrow = Weniger Ergebnisse zeigen
transparency-year = Jahr
transparency-feed = Neue Veröffentlichungen als Feed (Atom) für Ihr Nachrichten·programm
transparency-figures = Aufrufe und Downloads
transparency-figures-views = Aufrufe von der Seite
transparency-figures-downloads = Downloads von den Dateien
transparency-figures-value = { $recent } in den letzten 30 Tagen
transparency-figures-total = insgesamt { $total }
transparency-figures-hint = Wir zählen ohne IP-Adressen und ohne Cookies. Manche Programme sagen: Ich bin ein Programm. Zum Beispiel: Such·maschinen. Diese Programme zählen wir nicht mit.
transparency-report-title = Problem melden
transparency-report-lead = Stimmt etwas nicht bei „{ $title }“? Zum Beispiel: Eine Zahl ist falsch. Eine Datei ist kaputt. Oder Sie sehen etwas Persönliches über einen Menschen. Das soll nicht öffentlich sein. Dann schreiben Sie es dem Amt. Das Amt hat die Veröffentlichung ins Internet gestellt.
transparency-report-message = Was ist das Problem?
transparency-report-message-hint = Schreiben Sie am besten: Welche Datei ist es? Wo genau ist das Problem? Schreiben Sie mindestens 10 Zeichen.
transparency-report-email = E-Mail-Adresse für eine Antwort (freiwillig)
transparency-report-email-hint = Schreiben Sie die Adresse nur, wenn Sie eine Antwort wollen. Wir löschen die Adresse, sobald der Hinweis erledigt ist.
transparency-report-send = Hinweis senden
transparency-report-thanks = Danke für Ihren Hinweis
transparency-report-thanks-text = Das Amt von der Veröffentlichung sieht Ihren Hinweis in seiner Arbeits·liste. Das Amt prüft den Hinweis.
transparency-report-back = Zurück zu „{ $title }“
transparency-report-error-message = Ihr Text ist zu kurz oder zu lang. Bitte beschreiben Sie das Problem mit 10 bis 4.000 Zeichen.
transparency-report-error-email = Die E-Mail-Adresse passt nicht. Bitte geben Sie eine richtige E-Mail-Adresse ein. Oder lassen Sie das Feld leer. Beispiel für eine E-Mail-Adresse: name@beispiel.de
transparency-reports = Hinweise von Leserinnen und Lesern
transparency-report-done = Als erledigt markieren
transparency-done-erledigt = Der Hinweis ist erledigt. Hat die Person eine E-Mail-Adresse angegeben? Dann ist die Adresse jetzt gelöscht.
transparency-open-reports =
    { $count ->
        [one] 1 Hinweis
       *[other] { $count } Hinweise
    }
transparency-some-words-only = Keine Veröffentlichung hat alle Such·wörter. Diese Veröffentlichungen haben einige von den Such·wörtern.
api-keys-title = API-Schlüssel
api-keys-lead = Ein API-Schlüssel ist wie ein Passwort für Programme. Mit dem Schlüssel arbeiten Programme für Sie über die CKAN-Schnittstelle. Die Programme können: Entwürfe anlegen und ändern. Dateien hinzufügen. Veröffentlichungen zurückziehen. Veröffentlichen geht aber weiter nur so: Zuerst kommt die Prüfung auf personen·bezogene Daten. Dann gibt eine 2. Person die Veröffentlichung frei.
api-keys-endpoint = Adresse von der Schnittstelle:
api-keys-link = API-Schlüssel für die CKAN-Schnittstelle
api-keys-list = Ihre Schlüssel
api-keys-none = Sie haben noch keinen Schlüssel.
api-keys-new = Neuen Schlüssel erstellen
api-keys-name = Name
api-keys-name-hint = Wofür ist der Schlüssel? Zum Beispiel: „Import Luftmessdaten“.
api-keys-days = Gültig für (Tage)
api-keys-days-hint = Höchstens { $max } Tage. Danach erstellen Sie einen neuen Schlüssel.
api-keys-create = Schlüssel erstellen
api-keys-secret-title = Ihr neuer Schlüssel
api-keys-secret-text = Kopieren Sie den Schlüssel jetzt. Sie sehen den Schlüssel nur dieses 1 Mal. Wir speichern nur einen Prüf·wert. Ein Programm schickt den Schlüssel im Header „Authorization“. Der Header ist ein Teil von der Anfrage an die Schnittstelle.
api-keys-secret-label = Schlüssel
api-keys-created = Erstellt
api-keys-expires = Gültig bis
api-keys-last-used = Zuletzt benutzt
api-keys-never = noch nie
api-keys-state = Zustand
api-keys-actions = Aktionen
api-keys-active = gültig
api-keys-expired = abgelaufen
api-keys-revoked = widerrufen
api-keys-revoke = Widerrufen
api-keys-revoke-label = Schlüssel „{ $name }“ widerrufen
api-keys-revoked-notice = Der Schlüssel ist widerrufen. Das heißt: Der Schlüssel geht ab jetzt nicht mehr.
api-key-error-name = Bitte geben Sie einen Namen ein. Der Name darf höchstens 100 Zeichen haben.
api-key-error-days = Bitte geben Sie ein: Wie viele Tage gilt der Schlüssel? Erlaubt sind 1 bis 365 Tage.
cdo-title = Cockpit Digitalisierung
cdo-intro = Hier sehen Sie Zahlen aus der ganzen Stadt. Die Seite ist für das Amt für IT und Digitalisierung. Die Seite zeigt: Wo muss das Amt genau hinsehen? Das gilt auch für die Digital·strategien von den Behörden. Eine Digital·strategie ist ein Plan: So wird die Behörde digital. Welche IT-Verfahren werden alt? IT-Verfahren sind Computer·programme für die Arbeit im Amt. Wo muss das Amt zuerst etwas tun? Wie digital sind die Leistungen wirklich? Welche Vorgänge sind in jeder Behörde noch offen? Die Seite zeigt auch Zahlen zum Transparenz·portal: Was veröffentlichen die Behörden? Was lesen die Menschen? Welche Hinweise warten? Und was schafft die Prüfung auf personen·bezogene Daten?
cdo-transparency = Transparenz·portal
cdo-totals = Veröffentlicht: { $published } · in Arbeit: { $in_work } · in den letzten 30 Tagen: { $views } Aufrufe und { $downloads } Downloads · offene Hinweise: { $reports }
cdo-counting-note = Wir zählen ohne IP-Adressen und ohne Cookies. Aufrufe von Robotern zählen wir nicht. Roboter sind hier Programme. Sie rufen selbst Seiten im Internet auf.
cdo-csv = Tabelle als CSV herunterladen
cdo-xlsx = Tabelle als Excel-Datei (XLSX) herunterladen
cdo-table-caption = Transparenz·portal nach Behörde
cdo-col-agency = Behörde
cdo-col-published = Veröffentlicht
cdo-col-in-work = In Arbeit
cdo-col-withdrawn = Zurückgezogen
cdo-col-views = Aufrufe (30 Tage)
cdo-col-downloads = Downloads (30 Tage)
cdo-col-reports = Offene Hinweise
cdo-col-redacted = Funde geschwärzt
cdo-col-cleared = Funde nicht personen·bezogen
cdo-col-open-findings = Funde offen
cdo-chart-title = Aufrufe pro Monat
cdo-chart-desc = Das Bild zeigt die letzten 12 Monate. Für jeden Monat gibt es 1 Säule. Die Säule zeigt: So oft haben Menschen das ganze Transparenz·portal aufgerufen. Je mehr Aufrufe, desto höher die Säule. Die Zahlen stehen in der Tabelle darunter.
cdo-months-caption = Aufrufe und Downloads im Transparenz·portal in den letzten 12 Monaten
cdo-col-month = Monat
cdo-col-views-all = Aufrufe
cdo-col-downloads-all = Downloads
cdo-most-read = Am meisten gelesen
cdo-most-read-caption = Diese 10 Veröffentlichungen haben die Menschen in den letzten 30 Tagen am meisten gelesen
cdo-col-record = Veröffentlichung
cdo-none = Es gibt noch keine Veröffentlichungen.
cdo-none-read = In den letzten 30 Tagen hat niemand etwas gelesen.

## The CDO office: the register of IT procedures and their ageing

cockpit-register-title = IT-Verfahren
cockpit-register-intro = Hier ist das Register von den IT-Verfahren von der Stadt. Ein Register ist eine Liste. Ein IT-Verfahren ist ein Computer·programm für die Arbeit im Amt. Im Register steht für jedes IT-Verfahren: Wem gehört es? Was macht es? Worauf läuft es? Und wann endet die Unterstützung für seine Bestandteile? Unterstützung heißt: Der Hersteller kümmert sich um den Bestandteil. Zum Beispiel: Er repariert Sicherheits·lücken. Oben stehen die IT-Verfahren mit dem größten Risiko.
cockpit-register-totals =
    { $count ->
        [one] 1 IT-Verfahren im Register.
       *[other] { $count } IT-Verfahren im Register.
    } { $ended ->
        [one] 1 Bestandteil hat keine Unterstützung mehr.
       *[other] { $ended } Bestandteile haben keine Unterstützung mehr.
    } Bei diesen Bestandteilen endet die Unterstützung in den nächsten 12 Monaten: { $soon }. Bei diesen Bestandteilen ist das Ende der Unterstützung unbekannt: { $unknown }.
cockpit-register-caption = IT-Verfahren, nach Risiko sortiert
cockpit-register-empty = Im Register sind noch keine IT-Verfahren.
cockpit-register-open = Zum Register von den IT-Verfahren
cockpit-register-csv = Register als CSV
cockpit-register-xlsx = Register als XLSX
cockpit-riskiest-caption = Diese IT-Verfahren haben das größte Risiko durch alte Bestandteile
cockpit-new = Verfahren hinzufügen
cockpit-new-title = IT-Verfahren hinzufügen
cockpit-edit = Angaben ändern
cockpit-edit-title = IT-Verfahren ändern
cockpit-save = Speichern
cockpit-cancel = Abbrechen
cockpit-none = keine
cockpit-filter-agency = Behörde
cockpit-filter-all = Alle Behörden
cockpit-filter-show = Anzeigen
cockpit-col-procedure = Verfahren
cockpit-col-risk = Risiko
cockpit-col-worst = Bestandteil mit dem größten Risiko
cockpit-col-findings = Befunde
cockpit-col-component = Bestandteil
cockpit-col-version = Version
cockpit-col-matched = Erkannt als
cockpit-col-support = Unterstützung
cockpit-col-source = Quelle
cockpit-col-revision = Stand
cockpit-col-when = Wann
cockpit-col-who = Wer
cockpit-col-change = Änderung
cockpit-col-fields = Geänderte Angaben
cockpit-col-row = Zeile
cockpit-col-field = Angabe
cockpit-col-problem = Problem
cockpit-findings = { $ended } ohne Unterstützung · { $soon } bald zu Ende · { $unknown } unbekannt
cockpit-no-components = keine Bestand·teile eingetragen
cockpit-no-components-long = Für dieses Verfahren sind keine Bestand·teile eingetragen. Dann wissen wir nicht: Wann ist das Verfahren veraltet? Darum zählt es als unbekannt.
cockpit-support-until = Unterstützung bis { $date }
cockpit-support-open = Unterstützung läuft, Ende noch nicht bekannt
cockpit-support-soon = Unterstützung endet am { $date }
cockpit-support-ended-on = keine Unterstützung mehr seit { $date }
cockpit-support-ended = keine Unterstützung mehr
cockpit-support-unknown-product = unbekannt: Das Produkt steht nicht in der Tabelle zum Ende der Unterstützung
cockpit-support-unknown-version = unbekannt: Die Version steht nicht in der Tabelle zum Ende der Unterstützung
cockpit-support-unknown-own = unbekannt: Wir können das eigene Datum nicht lesen
cockpit-support-extended = längere Unterstützung zum Kaufen bis { $date }
cockpit-source-own = eigenes Datum (Vertrag)
cockpit-source-sbom = SBOM und Tabelle zum Ende der Unterstützung
cockpit-source-table = Tabelle zum Ende der Unterstützung
cockpit-components = Bestand·teile und ihre Unterstützung
cockpit-components-caption = Bestand·teile vom Verfahren: So lange gibt es Unterstützung
cockpit-risk-title = Risiko·wert
cockpit-risk-explained = Der Risiko·wert ist eine Zahl. So rechnen wir: Dringlichkeit × Schutz·bedarf × Daten·art × Nutzende × abhängige Verfahren. Die Dringlichkeit kommt von dem Bestand·teil, der am dringendsten ist. Die Unterstützung endet in 3 Jahren oder später: Dann ist die Dringlichkeit 1. Die Unterstützung endet in 1 Jahr: Dann ist die Dringlichkeit 4. Die Unterstützung endet jetzt: Dann ist die Dringlichkeit 10. Danach steigt die Dringlichkeit weiter. Nach 2 Jahren ist sie 16. Das Ende ist unbekannt: Dann ist die Dringlichkeit 6.
cockpit-risk-urgency = Dringlichkeit
cockpit-risk-protection = Schutz·bedarf (der höchste)
cockpit-risk-data = Daten·art
cockpit-risk-users = Nutzende
cockpit-risk-dependents = Abhängige Verfahren
cockpit-links-title = Verbindungen
cockpit-needs = Braucht Daten von
cockpit-needed-by = Diese Verfahren brauchen es
cockpit-services = Gebraucht für diese Leistungen
cockpit-history = Verlauf
cockpit-history-caption = Alle Änderungen an diesem Eintrag. Die neueste Änderung steht oben.
cockpit-change-created = neu angelegt
cockpit-change-edited = geändert
cockpit-change-imported = aus einer Tabelle übernommen
cockpit-change-sbom = Bestand·teile aus einer SBOM gelesen
cockpit-change-catalog = mit dem Katalog übernommen
cockpit-done-angelegt = Das Verfahren ist jetzt im Register.
cockpit-done-gespeichert = Die Änderungen sind gespeichert.
cockpit-done-sbom = Die Bestand·teile aus der SBOM sind jetzt übernommen. Bestand·teile, die jemand von Hand eingetragen hat, bleiben.
cockpit-sbom-title = Bestand·teile aus einer SBOM übernehmen
cockpit-sbom-file = SBOM-Datei (CycloneDX, JSON)
cockpit-sbom-hint = SBOM heißt: eine Liste mit allen Teilen von einer Software. Die Datei muss im Format CycloneDX sein, Version 1.3 bis 1.5, als JSON. So eine Datei machen Programme wie cyclonedx-py, cdxgen oder Syft. Die neue SBOM ersetzt die Bestand·teile aus der letzten SBOM. Bestand·teile, die jemand von Hand eingetragen hat, bleiben.
cockpit-sbom-submit = SBOM übernehmen
cockpit-sbom-error-file = Wir können die Datei nicht lesen. Die Datei muss eine CycloneDX-SBOM im Format JSON sein. Bitte laden Sie die JSON-Datei von Ihrem SBOM-Programm hoch.
cockpit-sbom-error-version = Die SBOM hat die CycloneDX-Version { $version }. Wir lesen nur die Versionen 1.3 bis 1.5. Bitte stellen Sie im Programm die Version 1.5 ein. Zum Beispiel bei cyclonedx-py mit „--sv 1.5“.
cockpit-sbom-error-empty = In der SBOM ist kein Bestand·teil mit Name und Version. Bitte prüfen Sie die Datei.
cockpit-field-id = Kennung
cockpit-field-id-hint = Nur kleine Buchstaben, Zahlen und Binde·striche. Zum Beispiel: „kfz-hanse“. Die Kennung bleibt gleich, solange das Verfahren im Register steht.
cockpit-field-name = Name
cockpit-field-owner = Verantwortliche Behörde
cockpit-field-purpose_de = Zweck
cockpit-field-responsible = Verantwortliche Person
cockpit-field-responsible_name = Verantwortliche Person
cockpit-field-responsible_email = E-Mail von der verantwortlichen Person
cockpit-field-vendor = Hersteller
cockpit-field-contract_end = Vertrags·ende
cockpit-field-contract_end-hint = Sie haben das Verfahren selbst entwickelt und es gibt keinen Vertrag? Dann lassen Sie das Feld leer.
cockpit-field-hosting = Betrieb
cockpit-field-users = Nutzende
cockpit-field-users-hint = Wie viele Beschäftigte arbeiten damit?
cockpit-field-protection = Schutz·bedarf
cockpit-field-protection-hint = Nach dem BSI-Standard 200-2: normal, hoch oder sehr hoch. BSI ist das Bundes·amt für Sicherheit in der Informations·technik.
cockpit-field-confidentiality = Vertraulichkeit
cockpit-field-integrity = Integrität (Daten bleiben richtig)
cockpit-field-availability = Verfügbarkeit
cockpit-field-data_classes = Daten·arten
cockpit-field-services = Leistungen
cockpit-field-services-hint = Für diese Leistungen aus dem Katalog braucht man das Verfahren.
cockpit-field-services-show = Leistungen zeigen
cockpit-field-interfaces = Schnitt·stellen
cockpit-field-interfaces-hint = Schnitt·stelle heißt: Dieses Verfahren braucht Daten von einem anderen Verfahren. Schreiben Sie jedes Verfahren in eine eigene Zeile. Zuerst die Kennung. Dann einen Doppel·punkt. Dann: Wofür braucht es die Daten? Zum Beispiel: „melda: Meldedaten abrufen“.
cockpit-field-interfaces-known = Kennungen von den Verfahren im Register
cockpit-field-components = Bestand·teile
cockpit-field-components-hint = Schreiben Sie jeden Bestand·teil in eine eigene Zeile: Name@Version. Zum Beispiel: „PostgreSQL@15“. Steht im Vertrag ein eigenes Ende der Unterstützung? Dann schreiben Sie dahinter @Jahr-Monat. Zum Beispiel: „Eigenentwicklung@2.1@2027-04“.
cockpit-field-components-sbom = Die Bestand·teile aus der letzten SBOM stehen nicht hier. Eine neue SBOM ersetzt diese Bestand·teile.
cockpit-field-yearly_cost_eur = Kosten pro Jahr in Euro
cockpit-field-introduced = Eingeführt (Jahr)
cockpit-field-last_major_update = Letzte große Erneuerung (Jahr)
cockpit-field-years = Eingeführt / letzte große Erneuerung
cockpit-field-from_sbom = Bestand·teile aus der SBOM
cockpit-level-normal = normal
cockpit-level-high = hoch
cockpit-level-very_high = sehr hoch
cockpit-hosting-own_operation = im eigenen Haus
cockpit-hosting-state_data_centre = im Rechen·zentrum vom IT-Dienstleister
cockpit-hosting-cloud = in einer Cloud (auf Computern im Internet)
cockpit-hosting-saas = beim Hersteller (Software as a Service)
cockpit-data-public = öffentliche Daten
cockpit-data-internal = interne Daten
cockpit-data-personal_data = Daten über Menschen (personen·bezogene Daten)
cockpit-data-financial = Daten über Geld (Finanz·daten)
cockpit-data-special_categories_art9 = besondere Kategorien von Daten (Artikel 9 DSGVO)
cockpit-data-biometric_data = biometrische Daten (zum Beispiel Finger·abdruck)
cockpit-data-social_data_sgb = Sozial·daten (Sozial·gesetz·buch, SGB)
cockpit-data-tax_secrecy = Daten unter Steuer·geheimnis
cockpit-data-minors_data = Daten von Kindern und Jugendlichen
cockpit-data-vs_nfd = Verschluss·sachen (VS-NfD)
cockpit-error-id = Die Kennung passt nicht. Die Kennung hat 2 bis 64 Zeichen: kleine Buchstaben, Zahlen und Binde·striche. Das erste Zeichen ist ein Buchstabe.
cockpit-error-id-taken = Diese Kennung gibt es schon. Bitte wählen Sie eine andere Kennung.
cockpit-error-id-twice = Diese Kennung steht mehr als 1 Mal in der Tabelle. Jede Kennung darf nur 1 Mal in der Tabelle stehen.
cockpit-error-required = Bitte füllen Sie dieses Feld aus.
cockpit-error-email = Die E-Mail-Adresse passt nicht. Bitte schreiben Sie die E-Mail-Adresse so: name@beispiel.de
cockpit-error-date = Das Datum passt nicht. Bitte schreiben Sie das Datum so: Jahr-Monat-Tag. Zum Beispiel: 2028-12-31.
cockpit-error-hosting = Bitte wählen Sie: Wo läuft das Verfahren? In einer Tabelle schreiben Sie: own_operation, state_data_centre, cloud oder saas.
cockpit-error-number = Bitte schreiben Sie eine ganze Zahl. Zum Beispiel: 1400.
cockpit-error-level = Bitte wählen Sie den Schutz·bedarf: normal, hoch oder sehr hoch. In einer Tabelle schreiben Sie: normal, high oder very_high.
cockpit-error-data-class = Eine Daten·art kennen wir nicht. Diese Daten·arten sind erlaubt: public, internal, personal_data, financial, special_categories_art9, biometric_data, social_data_sgb, tax_secrecy, minors_data, vs_nfd.
cockpit-error-interface-self = Ein Verfahren kann keine Schnitt·stelle zu sich selbst haben. Bitte nehmen Sie die eigene Kennung heraus.
cockpit-error-interface-unknown = Eine Schnitt·stelle nennt ein Verfahren. Dieses Verfahren steht nicht im Register. Bitte prüfen Sie die Kennung.
cockpit-error-component = Bitte schreiben Sie jeden Bestand·teil so: Name@Version. Mit eigenem Ende der Unterstützung so: Name@Version@Jahr-Monat.
cockpit-error-year = Bitte schreiben Sie ein Jahr zwischen 1950 und 2100.
cockpit-error-owner-unknown = Diese Behörde steht nicht im Katalog. Bitte prüfen Sie die Behörde.
cockpit-error-owner-not-yours = Sie dürfen nur Verfahren von Ihrer eigenen Behörde eintragen.
cockpit-error-service-unknown = Eine Leistung steht nicht im Katalog. Bitte prüfen Sie die Leistungen.
cockpit-import-title = Register aus einer Tabelle übernehmen
cockpit-import-intro = Laden Sie eine Tabelle hoch. Die Tabelle ist eine CSV-Datei oder eine XLSX-Datei. In jeder Zeile steht 1 Verfahren. In der ersten Zeile stehen die Namen für die Spalten. Die Namen sind die gleichen wie in der Tabelle zum Herunterladen. Verfahren von Ihrer Behörde, die schon im Register sind, ändern wir. Neue Verfahren legen wir neu an. Ist nur 1 Zeile falsch? Dann übernehmen wir nichts. Sie sehen dann jede falsche Angabe mit ihrer Zeile.
cockpit-import-file = Tabelle (CSV oder XLSX)
cockpit-import-hint = So geht es am einfachsten: Laden Sie das Register herunter. Ändern Sie es in Ihrem Tabellen·programm. Dann laden Sie es wieder hoch.
cockpit-import-submit = Tabelle übernehmen
cockpit-import-done = Übernommen: { $created } neu, { $changed } geändert, { $unchanged } gleich geblieben.
cockpit-import-refused = Einige Zeilen sind falsch. Darum haben wir nichts übernommen. Bitte verbessern Sie die Angaben unten. Dann laden Sie die Tabelle noch einmal hoch.
cockpit-import-problems = Falsche Angaben nach Zeile
cockpit-import-no-file = Bitte wählen Sie eine Datei aus.
cockpit-import-empty = In der Tabelle steht kein Verfahren. Bitte prüfen Sie die Datei.
cockpit-import-unreadable = Wir können die Datei nicht lesen. Die Datei muss eine CSV-Tabelle oder eine XLSX-Tabelle sein. CSV-Dateien müssen mit der Kodierung UTF-8 gespeichert sein.
cockpit-import-too-long = Die Tabelle ist zu lang. Erlaubt sind höchstens 5000 Zeilen. Bitte teilen Sie die Tabelle auf.
cockpit-import-too-large = Die Datei ist zu groß. Bitte nehmen Sie eine kleinere Datei.
cockpit-import-columns = In der ersten Zeile fehlen diese Spalten: { $columns }. Bitte ergänzen Sie die Spalten.
cockpit-back-to-register = Zum Register
cockpit-changes-title = Änderungen im Register
cockpit-changes-since = Geändert seit
cockpit-changes-none = Seit dem { $date } ist alles gleich geblieben.
cockpit-changes-caption = Änderungen seit dem { $date }. Die neueste Änderung steht oben.
cockpit-eol-title = Tabelle zum Ende der Unterstützung
cockpit-eol-intro = Mit dieser Tabelle prüft Rathaus jeden Bestand·teil. In der Tabelle stehen: das Produkt. Die Namen für das Produkt in den Bestand·teilen. Und die Zyklen mit dem Ende der Unterstützung. Ein Zyklus ist eine Haupt·version vom Produkt, zum Beispiel PostgreSQL 15. Die Tabelle kommt mit Rathaus. Sie können jedes Produkt einzeln auf den neuesten Stand bringen. Dafür brauchen Sie eine Datei von endoflife.date.
cockpit-eol-import-title = Produkt aktualisieren
cockpit-eol-import-intro = Laden Sie die Datei für ein Produkt herunter (https://endoflife.date/api/<produkt>.json). Dann laden Sie die Datei hier hoch. Die Datei ersetzt die Zyklen von diesem Produkt.
cockpit-eol-product = Produkt (Kurz·name bei endoflife.date)
cockpit-eol-product-hint = Zum Beispiel: „postgresql“ oder „windows-server“.
cockpit-eol-label = Produkt·name
cockpit-eol-label-hint = Das brauchen Sie nur für ein neues Produkt. Neu heißt: Das Produkt steht noch nicht in der Tabelle.
cockpit-eol-aliases = Namen in den Bestand·teilen
cockpit-eol-aliases-hint = Andere Namen für dieses Produkt in den Bestand·teilen. Schreiben Sie ein Komma zwischen die Namen.
cockpit-eol-file = Datei (JSON)
cockpit-eol-submit = Aktualisieren
cockpit-eol-done =
    { $cycles ->
        [one] Wir haben 1 Zyklus für „{ $product }“ übernommen.
       *[other] Wir haben { $cycles } Zyklen für „{ $product }“ übernommen.
    }
cockpit-eol-products = Produkte
cockpit-eol-caption = Produkte in der Tabelle zum Ende der Unterstützung
cockpit-eol-cycles = Zyklen
cockpit-eol-cycle-count =
    { $count ->
        [one] 1 Zyklus
       *[other] { $count } Zyklen
    }
cockpit-eol-latest = neueste Version
cockpit-eol-shipped = kommt mit Rathaus
cockpit-eol-imported = hochgeladen am { $at } von { $by }
cockpit-eol-not-announced = Ende noch nicht bekannt
cockpit-eol-ended = zu Ende (Datum unbekannt)
cockpit-eol-error-product = Der Kurz·name passt nicht. Bitte schreiben Sie den Kurz·namen vom Produkt wie bei endoflife.date: kleine Buchstaben, Zahlen und Binde·striche.
cockpit-eol-error-label = Dieses Produkt steht noch nicht in der Tabelle. Bitte schreiben Sie den Namen vom Produkt.
cockpit-eol-error-file = Die Datei passt nicht zu endoflife.date. Der Fehler:
cockpit-measures = Maßnahmen
cockpit-deadline = Die Unterstützung für den ersten Bestand·teil endet am { $date }. Eine Maßnahme soll vorher fertig sein.
cockpit-measures-none = Für dieses Verfahren ist noch keine Maßnahme geplant.
cockpit-measure-by = bis { $date }
cockpit-measure-late = nach dem Ende der Unterstützung
cockpit-measure-in-time = rechtzeitig
cockpit-measure-edit = Maßnahme ändern
cockpit-measure-new = Maßnahme planen
cockpit-measure-form-title = Maßnahme
cockpit-measure-field-title = Name
cockpit-measure-field-title-hint = Zum Beispiel: „Umstieg auf PostgreSQL 16“.
cockpit-measure-field-target = Ziel
cockpit-measure-field-target-hint = Die neue Version vom Produkt. Oder das neue Verfahren, das das alte Verfahren ersetzt.
cockpit-measure-field-date = Ziel·datum
cockpit-measure-field-date-hint = Bis wann soll das Ziel erreicht sein? Ist das Datum nach dem ersten Ende der Unterstützung? Dann zeigt Rathaus: Die Maßnahme ist zu spät.
cockpit-measure-field-budget = Budget in Euro
cockpit-measure-field-status = Stand
cockpit-measure-field-milestones = Meilensteine
cockpit-measure-field-milestones-hint = Ein Meilenstein ist ein wichtiger Schritt auf dem Weg zum Ziel. Schreiben Sie jeden Meilenstein in eine eigene Zeile: zuerst das Datum (Jahr-Monat-Tag), dann den Namen. Zum Beispiel: „2027-02-01 Testumgebung bereit“. Ist der Meilenstein erreicht? Dann schreiben Sie am Ende [x].
cockpit-measure-planned = geplant
cockpit-measure-in_progress = in Arbeit
cockpit-measure-done = fertig
cockpit-measure-cancelled = abgebrochen
cockpit-milestone-done = erreicht
cockpit-milestone-open = offen
cockpit-error-status = Bitte wählen Sie: Wie ist der Stand von der Maßnahme?
cockpit-error-milestone = Ein Meilenstein passt nicht. Bitte schreiben Sie jeden Meilenstein so: Datum (Jahr-Monat-Tag), Leer·zeichen, Name. Zum Beispiel: „2027-02-01 Testumgebung bereit“.
cockpit-done-massnahme = Die Maßnahme ist gespeichert.
cockpit-roadmap-title = Aufgaben und Fahrplan
cockpit-roadmap-intro = Hier sehen Sie: Was ist wo zu tun? Die Verfahren mit dem größten Risiko stehen oben. Und Sie sehen: Was kommt in den nächsten 3 Jahren? Für jedes Quartal steht da: Wann endet die Unterstützung? Wann sollen Maßnahmen fertig sein? Ein Quartal sind 3 Monate.
cockpit-todo-title = Das ist zu tun
cockpit-todo-none = Alles erledigt: Für jedes Ende der Unterstützung gibt es eine Maßnahme. Und alle Maßnahmen sind rechtzeitig.
cockpit-todo-who = zuständig: { $who }
cockpit-todo-no-measure = { $component }: { $support } – noch keine Maßnahme geplant
cockpit-todo-unknown = { $component }: Ende der Unterstützung unbekannt – fragen Sie beim Hersteller und tragen Sie das Datum ein
cockpit-todo-late = Maßnahme „{ $title }“ soll erst bis { $date } fertig sein. Das ist nach dem Ende der Unterstützung am { $deadline }.
cockpit-map-title = Fahrplan für die nächsten 3 Jahre
cockpit-map-overdue = Schon zu Ende, ohne Maßnahme
cockpit-map-chart-title = Ende der Unterstützung und Ziel·daten von Maßnahmen pro Quartal
cockpit-map-chart-desc = Für jedes Quartal gibt es 2 Säulen. Links ist die rote Säule: So viele Bestand·teile verlieren die Unterstützung. Rechts ist die blaue Säule: So viele Maßnahmen haben dann ihr Ziel·datum. Die Zahlen stehen auch in der Tabelle darunter.
cockpit-map-caption = Ende der Unterstützung und Maßnahmen pro Quartal
cockpit-col-quarter = Quartal
cockpit-col-ends = Ende der Unterstützung
cockpit-col-targets = Maßnahmen (Ziel·datum)
cockpit-quarter = { $number }. Quartal { $year }
cockpit-reminder-subject = Ende der Unterstützung in { $months } Monaten: { $procedure }
cockpit-reminder-body = Im IT-Verfahren { $procedure } gibt es den Bestand·teil { $component }. Die Unterstützung dafür endet am { $date }. Das ist in höchstens { $months } Monaten. Für das Verfahren ist noch keine Maßnahme geplant.
cockpit-reminder-what = Bitte planen Sie im Register: Wie erneuern oder ersetzen Sie das Verfahren rechtzeitig? Diese Erinnerung kommt 12, 6 und 3 Monate vor dem Ende der Unterstützung. Sie kommt so lange, bis jemand eine Maßnahme einträgt.
cockpit-reminder-action = Verfahren im Register öffnen
cockpit-sbom-without-version =
    { $count ->
        [one] 1 Bestand·teil in der SBOM hatte keine Version. Diesen Bestand·teil haben wir weggelassen.
       *[other] { $count } Bestand·teile in der SBOM hatten keine Version. Diese Bestand·teile haben wir weggelassen.
    }
cockpit-map-chart-range = Die Quartale gehen von { $first } (links) bis { $last } (rechts).
cockpit-error-changed-meanwhile = Eine andere Person hat diesen Eintrag geändert. Das war, während Sie ihn bearbeitet haben. Ihre Eingaben stehen unten. Bitte vergleichen Sie Ihre Eingaben mit dem Verlauf vom Eintrag. Sollen Ihre Eingaben gelten? Dann speichern Sie noch einmal.
footer-digital = Wie digital ist die Verwaltung?
maturity-title = Wie digital ist die Verwaltung?
maturity-lead = Hier steht für jedes Angebot vom Amt: Wie viel geht im Internet? Das zeigen die Stufen 0 bis 4. Rathaus rechnet die Stufe selbst aus. Bei jeder Stufe steht der Grund.
maturity-unknown-filter = Dieses Amt oder diese Stufe gibt es nicht. Darum zeigen wir alles.
maturity-method-title = So rechnen wir den Reifegrad aus
maturity-method-usage = Für die Nutzung zählen wir die letzten 12 ganzen Monate. Wir zählen: Wie viele Anträge kamen über das Internet? Wie viele Menschen kamen zum Amt? Dazu zählen gebuchte Termine und Warte·nummern für das gleiche Angebot. Wie viele Tage dauert es vom Antrag bis zur ersten Entscheidung? Wie viele Zahlungen kamen über das Internet? Jeden Monat speichern wir den Stand. So sehen wir den Verlauf.
maturity-level-0 = Stufe 0: nichts im Internet
maturity-level-1 = Stufe 1: Information im Internet
maturity-level-2 = Stufe 2: Formular im Internet
maturity-level-3 = Stufe 3: alles im Internet
maturity-level-4 = Stufe 4: Angaben nur einmal machen
maturity-level-0-means = Über das Angebot steht nichts im Internet.
maturity-level-1-means = Im Internet steht: Was ist das Angebot? Welche Papiere brauchen Sie? Was kostet es?
maturity-level-2-means = Das Formular gibt es im Internet.
maturity-level-3-means = Sie können alles im Internet machen. Sie müssen nicht zum Amt. Sie bezahlen im Internet. Das Ergebnis bekommen Sie im Internet.
maturity-level-4-means = Sie müssen Ihren Namen und Ihre Adresse nicht noch einmal schreiben. Das Formular nimmt die Angaben aus Ihrem Servicekonto.
maturity-key-title = Auf einen Blick
maturity-col-services = Angebote
maturity-key-fully-online = Ganz im Internet (Stufe 3 oder 4)
maturity-fully-online = { $count } ({ $share })
maturity-key-looks = Sieht nur so aus, als ginge es im Internet
maturity-key-share = Anteil im Internet ({ $window })
maturity-key-contacts = { $online } im Internet, { $visits } im Amt
maturity-key-lead = So lange dauert die Entscheidung
maturity-key-lead-value = Die Hälfte in { $median } oder schneller. 90 von 100 in { $p90 } oder schneller.
maturity-key-payments = Zahlungen im Internet
maturity-levels-title = Angebote nach Reifegrad
maturity-levels-desc = Die Säulen zeigen: So viele Angebote sind auf jeder Stufe von 0 bis 4. Die Zahlen stehen auch in der Tabelle darunter.
maturity-levels-caption = Angebote nach Reifegrad heute
maturity-col-level = Reifegrad
maturity-months-title = Anteil im Internet pro Monat
maturity-months-desc = Jede Säule ist 1 Monat. Die Säule zeigt: So viel Prozent von allen Kontakten waren Anträge im Internet. Das geht von 0 bis 100 %. Kontakte sind Anträge im Internet und Besuche im Amt. Die Zahlen stehen auch in der Tabelle.
maturity-months-caption = Nutzung pro Monat
maturity-col-month = Monat
maturity-col-online = Anträge im Internet
maturity-col-visits = Besuche im Amt
maturity-col-share = Anteil im Internet
maturity-col-payments = Zahlungen im Internet
maturity-col-median = Dauer (Median)
maturity-col-fully-online-count = Angebote ganz im Internet
maturity-agencies-title = Nach Amt
maturity-agencies-csv = Tabelle als CSV
maturity-agencies-xlsx = Tabelle als Excel (XLSX)
maturity-agencies-caption = Reifegrad und Nutzung pro Amt, { $window }
maturity-col-agency = Amt
maturity-col-level-n = Stufe { $level }
maturity-col-fully-online = Anteil ganz im Internet
maturity-services-title = Alle Angebote
maturity-all-agencies = Alle Ämter
maturity-all-levels = Alle Stufen
maturity-show = Anzeigen
maturity-services-csv = Angebote als CSV
maturity-services-xlsx = Angebote als Excel (XLSX)
maturity-services-none = Kein Angebot passt zu dieser Auswahl. Bitte wählen Sie etwas anderes.
maturity-services-caption =
    { $count ->
        [one] 1 Angebot
       *[other] { $count } Angebote
    }
maturity-col-service = Angebot
maturity-col-trend = Verlauf
maturity-looks = sieht nur so aus, als ginge es im Internet
maturity-looks-explained = Im Leistungs·katalog steht: Dieses Angebot geht im Internet. Der Leistungs·katalog ist eine Liste mit allen Angeboten. Aber das Angebot geht nicht ganz im Internet. Ganz im Internet ist Stufe 3. Unten bei den Kriterien sehen Sie: Das fehlt noch.
maturity-service-page = Beschreibung
maturity-service-open = Zum Angebot
maturity-evidence-title = Kriterien und Belege
maturity-evidence-intro = Ein Kriterium ist eine Bedingung. Zum Beispiel: Das Formular gibt es im Internet. Rathaus prüft jedes Kriterium selbst. Dafür schaut Rathaus: Was gibt es heute in Rathaus? Eine Stufe gilt nur, wenn alle Kriterien erfüllt sind. Das heißt: die Kriterien von dieser Stufe und von allen Stufen darunter.
maturity-evidence-caption = Kriterien für den Reifegrad
maturity-col-criterion = Kriterium
maturity-col-for-level = Für Stufe
maturity-col-met = Erfüllt
maturity-col-evidence = Beleg
maturity-met = ja
maturity-not-met = nein
maturity-usage-title = Nutzung im Zeitraum { $window }
maturity-decided =
    { $count ->
        [one] 1 Entscheidung
       *[other] { $count } Entscheidungen
    }
maturity-percent = { $value } %
maturity-days =
    { $days ->
        [one] 1 Tag
       *[other] { $days } Tage
    }
maturity-trend-none = noch kein Stand gespeichert
maturity-trend-up = gestiegen. Im Monat { $month } war es noch Stufe { $level }.
maturity-trend-same = gleich geblieben seit { $month }
maturity-trend-down = gesunken. Im Monat { $month } war es noch Stufe { $level }.
maturity-criterion-information = Information im Internet
maturity-criterion-form = Formular im Internet
maturity-criterion-online_with_login = Alles im Internet mit Service·konto
maturity-criterion-payment_online = Im Internet bezahlen
maturity-criterion-digital_delivery = Ergebnis über das Internet
maturity-criterion-prefill = Angaben aus dem Service·konto
maturity-col-id = Kennung
maturity-col-looks = Nur zum Schein im Internet
maturity-col-decided = Entscheidungen
maturity-col-p90 = Dauer (bei 90 von 100 Anträgen)
maturity-yes = ja
maturity-no = nein
maturity-ev-no-summary = Im Leistungs·katalog fehlt die Beschreibung. Der Leistungs·katalog ist die Liste mit allen Angeboten vom Amt.
maturity-ev-described =
    Auf der Seite vom Angebot stehen: die Beschreibung, die Gebühr und das Gesetz für das Angebot. { $documents ->
        [0] Dort steht auch: Sie brauchen keine Unterlagen.
        [one] Dort steht auch: Sie brauchen 1 Unterlage.
       *[other] Dort steht auch: Sie brauchen { $documents } Unterlagen.
    }
maturity-ev-form = Formular im Internet: „{ $title }“. Das ist Version { $version }. Das Formular hat { $fields } Felder auf { $pages } Seiten.
maturity-ev-procedure = Der Antrag fängt in einem Fach·verfahren an. Ein Fach·verfahren ist ein Computer·programm vom Amt. Hier ist der Link: { $url }
maturity-ev-claimed-no-form = Im Leistungs·katalog steht: Das geht im Internet. Aber in Rathaus gibt es kein Formular dafür. Und es gibt auch keinen Link zu einem Fach·verfahren.
maturity-ev-no-form = Es gibt kein Formular im Internet. { $why }
maturity-ev-in-person = Sie müssen selbst zum Amt kommen. Das ist Vorschrift. { $why }
maturity-ev-outside = Der Antrag läuft in einem Fach·verfahren. Ein Fach·verfahren ist ein Computer·programm vom Amt. Geht dort alles im Internet? Das kann Rathaus nicht sehen.
maturity-ev-no-application = Es gibt keinen Antrag im Internet.
maturity-ev-ahead-of-visit = Es gibt ein Formular für vorher. Den Antrag stellen Sie aber beim Termin im Amt.
maturity-ev-no-eid = Für dieses Angebot braucht man das Vertrauens·niveau „hoch“. Das heißt: Wir müssen sehr sicher wissen, wer Sie sind. Das geht nur mit dem Online-Ausweis (eID). Rathaus kann den Online-Ausweis noch nicht benutzen.
maturity-ev-with-login =
    Sie stellen den Antrag mit dem Service·konto. Das Vertrauens·niveau sagt: So sicher wissen wir, wer Sie sind. Hier ist das Vertrauens·niveau { $level ->
        [low] „niedrig“.
        [substantial] „substanziell“. Das heißt: mittel.
       *[high] „hoch“.
    } Sie müssen nicht zum Amt kommen. { $uploads ->
        [0] Sie brauchen keine Nachweise.
        [one] Sie laden 1 Nachweis hoch.
       *[other] Sie laden { $uploads } Nachweise hoch.
    }
maturity-ev-free = Das Angebot kostet nichts.
maturity-ev-paid-online =
    Sie bezahlen die Gebühr im Internet. { $due ->
        [at_submission] Sie bezahlen, wenn Sie den Antrag abschicken.
       *[after_decision] Sie bekommen mit der Entscheidung eine Rechnung. Dann bezahlen Sie.
    }
maturity-ev-no-fee-rule = Das Angebot kostet eine Gebühr. Aber in Rathaus fehlt die Regel für die Gebühr. Darum können Sie nicht im Internet bezahlen.
maturity-ev-not-paid-here = Die Gebühr bezahlen Sie nicht über Rathaus.
maturity-ev-download = Sie können das Ergebnis im Post·fach herunterladen.
maturity-ev-download-outside = Das Ergebnis soll über das Internet kommen. Aber es kommt nicht über Rathaus. Darum kann Rathaus das nicht sehen.
maturity-ev-no-download = Sie bekommen das Ergebnis nur mit der Post. Oder Sie holen das Ergebnis beim Amt ab.
maturity-ev-no-prefill = Das Formular nimmt keine Angaben aus dem Service·konto. Sie schreiben alles selbst.
maturity-ev-prefill =
    Das Formular nimmt Angaben aus dem Service·konto. { $count ->
        [one] Das ist 1 Feld:
       *[other] Das sind { $count } Felder:
    } { $fields }.
cockpit-maturity-open = Alle Leistungen mit Gründen und Verlauf
maturity-no-use = Wie oft haben Menschen die Angebote benutzt? Das haben wir für { $window } noch nicht gezählt. Für manche Monate gibt es keine gespeicherten Zahlen. Dort steht in der Tabelle: „–“.
cockpit-attention-title = Darum müssen Sie sich kümmern
cockpit-attention-none = Gerade ist alles in Ordnung. Kein IT-Verfahren wartet auf eine Maßnahme. Kein Vorgang ist überfällig. Bei keiner Leistung ist der Reifegrad gefallen.
cockpit-attention-procedures =
    { $count ->
        [one] 1 IT-Verfahren braucht eine Maßnahme. Oder es braucht ein Datum für das Ende der Unterstützung.
       *[other] { $count } IT-Verfahren brauchen eine Maßnahme. Oder sie brauchen ein Datum für das Ende der Unterstützung.
    }
cockpit-attention-overdue =
    { $agency }: { $count ->
        [one] 1 Vorgang ist überfällig
       *[other] { $count } Vorgänge sind überfällig
    }
cockpit-attention-fell = { $service }: Der Reifegrad ist gefallen. Vorher Stufe { $then } ({ $month }), jetzt Stufe { $now }.
cockpit-attention-looks =
    { $count ->
        [one] 1 Leistung ist nur zum Schein online.
       *[other] { $count } Leistungen sind nur zum Schein online.
    }
cockpit-cases-title = Offene Vorgänge
cockpit-cases-none = Es gibt keine offenen Vorgänge.
cockpit-cases-caption = Offene und überfällige Vorgänge für jede Behörde
cockpit-col-open = Offen
cockpit-col-overdue = Überfällig

## Digital strategies of the agencies

strategy-portfolio-title = Digital·strategien
strategy-portfolio-lead = Hier sehen Sie die Digital·strategien von allen Behörden nebeneinander. Eine Digital·strategie ist ein Plan: So wird die Behörde digitaler. Sie sehen: Welche Ziele sind erreicht oder auf Kurs? Auf Kurs heißt: Das Ziel läuft nach Plan. Welche Ziele weichen vom Plan ab? Welche Meilensteine sind überfällig? Ein Meilenstein ist ein wichtiger Schritt mit einem Datum. Sie sehen auch das geplante Budget. Und Sie sehen die letzte Bewertung vom Amt für IT und Digitalisierung.
strategy-portfolio-table = Alle Behörden
strategy-portfolio-caption = So weit sind die Digital·strategien von jeder Behörde (Budget von allen Maßnahmen zusammen, ohne abgebrochene Maßnahmen: { $budget })
strategy-col-agency = Behörde
strategy-col-strategy = Strategie
strategy-col-goals = Ziele
strategy-col-goal-states = Stand von den Zielen
strategy-col-overdue = Überfällige Meilensteine
strategy-col-budget = Budget
strategy-col-budget-eur = Budget in Euro
strategy-col-rating = Letzte Bewertung
strategy-col-open-requests = Offene Änderungs·wünsche
strategy-col-due = Fällig am
strategy-col-milestone = Meilenstein
strategy-col-measure = Maßnahme
strategy-col-goal = Ziel
strategy-col-state = Stand
strategy-col-current = Wert jetzt
strategy-col-target = Ziel·wert
strategy-col-figure = Gemessen an
strategy-col-baseline = Ausgangs·wert
strategy-col-actions = Aktionen
strategy-none = Noch keine Strategie
strategy-none-long = Diese Behörde hat noch keine Digital·strategie eingetragen.
strategy-create = Strategie anlegen
strategy-csv = Tabelle als CSV herunterladen
strategy-xlsx = Tabelle als Excel-Datei (XLSX) herunterladen
strategy-states-reached = { $count } erreicht
strategy-states-on-track = { $count } auf Kurs
strategy-states-off-track = { $count } weicht ab
strategy-states-missed = { $count } verfehlt
strategy-states-no-figure = { $count } ohne Zahl
strategy-overdue-title = Überfällige Meilensteine
strategy-overdue-none = Kein Meilenstein ist überfällig.
strategy-overdue-caption = Meilensteine von laufenden Maßnahmen: Das Datum ist vorbei. Aber der Meilenstein ist noch nicht erreicht. Die ältesten Meilensteine stehen oben.
strategy-alarms-title = Ziele, die abweichen oder verfehlt sind
strategy-alarms-none = Kein Ziel weicht ab.
strategy-alarms-caption = Diese Ziele liegen hinter dem Plan. Oder das Datum ist vorbei und das Ziel ist nicht erreicht.
strategy-title = Digital·strategie
strategy-horizon = Plan bis { $year }
strategy-revision = Fassung { $number }
strategy-edit = Strategie ändern
strategy-goals = Ziele
strategy-goals-none = Die Strategie hat noch keine Ziele.
strategy-goals-caption = Ziele von der Strategie: Ausgangs·wert, Wert jetzt und Ziel·wert
strategy-figures-note = Manche Zahlen rechnet Rathaus selbst aus. Diese Zahlen gelten bis { $date }. Das sind die letzten 12 ganzen Monate. Andere Zahlen meldet die Behörde selbst. Bei diesen Zahlen steht ihr eigenes Datum.
strategy-goal-edit = Ziel ändern
strategy-goal-new = Ziel hinzufügen
strategy-measures = Maßnahmen
strategy-measures-none = Die Strategie hat noch keine Maßnahmen.
strategy-measure-new = Maßnahme hinzufügen
strategy-measure-owner = Verantwortlich
strategy-measure-goals = Hilft bei diesen Zielen
strategy-measure-services = Für diese Leistungen
strategy-measure-procedures = Für diese IT-Verfahren
strategy-milestone-done = erreicht
strategy-milestone-overdue = überfällig
strategy-reviews = Bewertungen
strategy-reviews-none = Die Strategie hat noch keine Bewertung.
strategy-review = Bewertung
strategy-review-new = Strategie bewerten
strategy-review-heading = Bewertung am { $date } von { $author } (Fassung { $revision })
strategy-review-comment = Einschätzung
strategy-review-comment-hint = Schreiben Sie: Was klappt gut? Was fehlt? Was soll die Behörde als Nächstes tun?
strategy-review-requests-hint = Schreiben Sie in jede Zeile 1 Änderung. Um diese Änderungen bitten Sie die Behörde. Die Behörde antwortet auf jede Änderung einzeln.
strategy-review-submit = Bewertung speichern
strategy-history = Verlauf
strategy-requests = Änderungs·wünsche
strategy-response-open = noch keine Antwort
strategy-response-choose = Bitte wählen
strategy-response-accepted = wird gemacht
strategy-response-done = gemacht
strategy-response-declined = abgelehnt
strategy-answer = Auf die Bewertung antworten
strategy-answer-change = Antwort ändern
strategy-answer-by = Antwort von { $name } am { $date }
strategy-answer-text = Antwort von der Behörde
strategy-answer-text-hint = Schreiben Sie: Was macht die Behörde mit der Bewertung? Sie lehnen einen Wunsch ab? Dann schreiben Sie auch: Warum?
strategy-answer-submit = Antwort speichern
strategy-rating-mean = Durchschnitt: { $mean } von { $highest }
strategy-not-assessed = noch nicht bewertet
strategy-score =
    { $score ->
        [1] 1 (schwach)
        [5] 5 (stark)
       *[other] { $score }
    }
strategy-reading = { $value } (am { $date })
strategy-no-figure = noch keine Zahl
strategy-target = { $value } bis { $date }
strategy-days =
    { $count ->
        [one] 1 Tag
       *[other] { $count } Tage
    }
strategy-level = Stufe { $level }
strategy-state-reached = erreicht
strategy-state-on_track = auf Kurs
strategy-state-off_track = weicht ab
strategy-state-missed = verfehlt
strategy-state-no_figure = noch keine Zahl
strategy-figure-online_share = Online-Anteil
strategy-figure-lead_median = Bearbeitungs·dauer (Median)
strategy-figure-level = Reifegrad
strategy-figure-fully_online_share = Anteil von Leistungen ab Reifegrad 3
strategy-figure-reported = Selbst gemeldete Zahl
strategy-dimension-measurability = Messbare Ziele
strategy-dimension-measurability-hint = Haben die Ziele Zahlen? Haben die Ziele ein Datum? Gibt es einen Ausgangs·wert?
strategy-dimension-user_focus = Blick auf die Nutzer
strategy-dimension-user_focus-hint = Denkt die Strategie zuerst an die Menschen und Firmen? Diese Menschen und Firmen benutzen die Leistungen.
strategy-dimension-feasibility = Machbarkeit
strategy-dimension-feasibility-hint = Reichen die Maßnahmen, die Verantwortlichen und die Meilensteine für die Ziele?
strategy-dimension-funding = Finanzierung
strategy-dimension-funding-hint = Reicht das Budget für die Maßnahmen?
strategy-dimension-modernisation = Modernisierung der IT
strategy-dimension-modernisation-hint = Bekommen alte IT-Verfahren rechtzeitig einen Ersatz?
strategy-change-created = Strategie angelegt
strategy-change-edited = Strategie geändert
strategy-change-goal_added = Ziel hinzugefügt
strategy-change-goal_edited = Ziel geändert
strategy-change-goal_removed = Ziel entfernt
strategy-change-measure_added = Maßnahme hinzugefügt
strategy-change-measure_edited = Maßnahme geändert
strategy-change-measure_removed = Maßnahme entfernt
strategy-done-gespeichert = Die Strategie ist gespeichert.
strategy-done-ziel = Das Ziel ist gespeichert.
strategy-done-ziel-entfernt = Das Ziel ist entfernt. Sie sehen das Ziel weiter im Verlauf.
strategy-done-massnahme = Die Maßnahme ist gespeichert.
strategy-done-massnahme-entfernt = Die Maßnahme ist entfernt. Sie sehen die Maßnahme weiter im Verlauf.
strategy-done-bewertung = Die Bewertung ist gespeichert. Die Behörde sieht die Bewertung auf dieser Seite.
strategy-done-antwort = Die Antwort ist gespeichert.
strategy-changed-meanwhile = Eine andere Person hat die Strategie in der Zwischenzeit geändert. Darum haben wir nichts entfernt. Bitte prüfen Sie die Änderung im Verlauf. Soll es immer noch weg? Dann entfernen Sie es noch einmal.
strategy-form-title = Strategie
strategy-field-title = Titel
strategy-field-title-hint = Zum Beispiel: „Hafen und Wirtschaft digital 2025–2028“.
strategy-field-summary = Leit·bild
strategy-field-summary-hint = Schreiben Sie in wenigen Sätzen: Wohin will die Behörde?
strategy-field-horizon = Plan bis zum Jahr
strategy-field-horizon-hint = Bis zu diesem Jahr plant die Strategie. Zum Beispiel: 2028.
strategy-goal-form-title = Ziel
strategy-goal-field-title = Ziel
strategy-goal-field-title-hint = Zum Beispiel: „Die meisten Gewerbe·anmeldungen online“.
strategy-goal-field-figure = Gemessen an
strategy-goal-field-figure-hint = Manche Zahlen rechnet Rathaus selbst aus. Rathaus liest diese Zahlen jeden Tag neu. Eine selbst gemeldete Zahl tragen Sie unten ein. Schreiben Sie das Datum dazu.
strategy-goal-field-service = Leistung
strategy-goal-field-service-hint = Für Online-Anteil und Bearbeitungs·dauer: Wählen Sie 1 Leistung. Oder wählen Sie alle Leistungen von der Behörde. Für den Reifegrad wählen Sie immer 1 Leistung.
strategy-goal-no-service = Alle Leistungen von der Behörde
strategy-goal-field-target = Ziel·wert
strategy-goal-field-target-hint = Schreiben Sie eine Zahl. Zum Beispiel: 75 für 75 %. Oder 3 für Stufe 3.
strategy-goal-field-due = Erreichen bis
strategy-goal-reported-legend = Nur für eine selbst gemeldete Zahl
strategy-goal-reported-hint = Rathaus rechnet die Zahl selbst aus? Dann lassen Sie diese Felder leer. Der Ausgangs·wert ist dann der Wert am Tag, an dem Sie das Ziel anlegen.
strategy-goal-field-unit = Einheit
strategy-goal-field-unit-hint = Zum Beispiel: „% der Anläufe“ oder „Tage im Median“.
strategy-goal-field-direction = Besser ist
strategy-goal-higher = ein höherer Wert
strategy-goal-lower = ein niedrigerer Wert
strategy-goal-field-baseline = Ausgangs·wert
strategy-goal-field-baseline-on = Ausgangs·wert am
strategy-goal-field-reported = Wert jetzt
strategy-goal-field-reported-on = Wert jetzt am
strategy-goal-remove = Ziel entfernen
strategy-measure-remove = Maßnahme entfernen
strategy-measure-field-title-hint = Zum Beispiel: „Hafen·meldungen im Port Community System sammeln“.
strategy-measure-field-owner-hint = Wer ist verantwortlich? Zum Beispiel: „Referat Hafenwirtschaft (W 2)“.
strategy-measure-field-services-hint = Schreiben Sie die Kennung von jeder Leistung. Schreiben Sie 1 Kennung in jede Zeile. Zum Beispiel: „gewerbe-anmelden“.
strategy-measure-field-procedures-hint = Schreiben Sie die Kennung von jedem IT-Verfahren. Die Kennung steht im Register. Schreiben Sie 1 Kennung in jede Zeile. Zum Beispiel: „gewan“.
strategy-error-horizon = Das Jahr passt nicht. Bitte schreiben Sie ein Jahr zwischen 2000 und 2100.
strategy-error-decimal = Hier muss eine Zahl stehen. Bitte schreiben Sie eine Zahl. Zum Beispiel: 75 oder 12,5.
strategy-error-figure = Es fehlt eine Auswahl. Bitte wählen Sie: Woran messen Sie das Ziel?
strategy-error-service-needed = Der Reifegrad gilt immer für 1 Leistung. Bitte wählen Sie 1 Leistung.
strategy-error-service-not-used = Diese Zahl gilt nicht für 1 einzelne Leistung. Bitte wählen Sie „Alle Leistungen von der Behörde“.
strategy-error-level = Der Reifegrad passt nicht. Der Reifegrad geht von 0 bis 4. Bitte schreiben Sie eine Zahl von 0 bis 4.
strategy-error-percent = Der Anteil passt nicht. Ein Anteil geht von 0 bis 100 Prozent. Bitte schreiben Sie eine Zahl von 0 bis 100.
strategy-error-direction = Es fehlt eine Auswahl. Bitte wählen Sie: Ist ein höherer Wert besser? Oder ist ein niedrigerer Wert besser?
strategy-error-goal-unknown = Ein Ziel gibt es nicht mehr in dieser Strategie. Bitte wählen Sie die Ziele noch einmal.
strategy-error-procedure-unknown = Ein IT-Verfahren steht nicht im Register. Bitte prüfen Sie die Kennung.
strategy-error-rating = Die Bewertung fehlt. Bitte bewerten Sie mit einer Zahl von 1 bis 5. 1 heißt: schwach. 5 heißt: stark.
strategy-error-response = Es fehlt eine Antwort. Bitte beantworten Sie jeden Änderungs·wunsch.
strategy-error-declined-why = Sie lehnen einen Wunsch ab. Bitte schreiben Sie: Warum?
cockpit-attention-goals =
    { $count ->
        [one] 1 Ziel von den Digital·strategien weicht ab oder ist verfehlt.
       *[other] { $count } Ziele von den Digital·strategien weichen ab oder sind verfehlt.
    }
cockpit-attention-milestones =
    { $count ->
        [one] 1 Meilenstein von den Digital·strategien ist überfällig.
       *[other] { $count } Meilensteine von den Digital·strategien sind überfällig.
    }
cockpit-strategies-open = Digital·strategien von den Behörden öffnen

## Progress report

cockpit-report-open = Fortschritts·bericht machen
report-title = Fortschritts·bericht Digitalisierung
report-subtitle = Berichts·zeitraum { $this }. Im Vergleich mit { $prev }
report-span = { $from } bis { $to }
report-note = Stand: { $date }. Alle Zahlen kommen aus dem laufenden Betrieb von Rathaus. Rathaus rechnet die Reifegrade heute aus. Die Zahlen zur Nutzung kommen aus den gespeicherten Zahlen von den letzten { $length } ganzen Monaten. Rathaus rechnet genauso wie im Cockpit und auf der Seite „Wie digital ist die Verwaltung?“.
report-unknown-length = Diesen Zeitraum gibt es nicht. Darum zeigt der Bericht die letzten 6 Monate.
report-length = Berichts·zeitraum
report-length-months = { $count } ganze Monate
report-pdf = Bericht als PDF/A herunterladen
report-contents = Inhalt
report-table-empty = keine Einträge
report-key-title = Das Wichtigste kurz
report-summary = Es gibt { $services } Leistungen. { $fully } davon sind ganz online. Das heißt: Sie haben Reifegrad 3 oder mehr. { $went } davon sind im Berichts·zeitraum neu dazu·gekommen.
report-summary-share = Der Online-Anteil sagt: So viele Anträge kommen über das Internet. Der Online-Anteil ist jetzt { $share }. Im Zeitraum davor war er { $share_then }.
report-summary-no-share = In beiden Zeiträumen gibt es noch keine Anträge oder Besuche. Darum gibt es noch keinen Online-Anteil.
report-key-caption = Wichtige Zahlen im Berichts·zeitraum und im Zeitraum davor
report-col-figure = Kennzahl
report-col-change = Änderung
report-row-fully-online = Leistungen ab Reifegrad 3 (am Ende vom Zeitraum)
report-row-online = Online-Anträge
report-row-visits = Besuche am Schalter (Termine und Warte·marken)
report-row-share = Online-Anteil
report-row-median = Bearbeitungs·dauer bis zur Entscheidung (Median)
report-row-p90 = Bearbeitungs·dauer (höchstens, bei 90 von 100 Fällen)
report-row-payments = Online-Zahlungen
report-points = { $value } Prozent·punkte
report-online-title = Das ist neu online
report-went-online =
    { $count ->
        [one] 1 Leistung ist im Berichts·zeitraum ganz online gegangen. Die Leistung war vorher unter Stufe 3. Jetzt ist sie auf Stufe 3 oder höher.
       *[other] { $count } Leistungen sind im Berichts·zeitraum ganz online gegangen. Die Leistungen waren vorher unter Stufe 3. Jetzt sind sie auf Stufe 3 oder höher.
    }
report-levels-unknown = Für das Ende vom Zeitraum davor gibt es keine Reifegrade. Rathaus speichert die Reifegrade jeden Monat. Aber Rathaus macht das noch nicht so lange. Gibt es gespeicherte Zahlen für diesen Monat? Dann sehen Sie hier den Vergleich.
report-levels-unchanged = Seit dem Ende vom Zeitraum davor sind alle Reifegrade gleich geblieben.
report-levels-caption = Leistungen mit einem anderen Reifegrad seit dem Ende vom Zeitraum davor
report-col-service = Leistung
report-col-level-then = Stufe vorher
report-col-level-now = Stufe jetzt
report-agencies-title = Reifegrad und Nutzung für jede Behörde
report-agencies-lead = Hier steht für jede Behörde mit Leistungen: Wie viele Leistungen sind ganz online? Wie hoch ist der Online-Anteil in beiden Zeiträumen? Wie lange dauert die Bearbeitung?
report-agencies-caption = Reifegrad und Nutzung für jede Behörde
report-col-services = Leistungen
report-col-fully-online = ab Stufe 3
report-col-share-then = Online-Anteil im Zeitraum davor
report-col-share-now = Online-Anteil im Berichts·zeitraum
report-col-median = Bearbeitungs·dauer (Median)
report-ageing-title = Alte IT-Verfahren und ihr Ersatz
report-measures = { $count } Maßnahmen sollen alte IT-Verfahren ersetzen. Diese Maßnahmen sind geplant oder laufen schon. Das Budget ist { $budget }. { $late } Maßnahmen davon enden erst nach dem Ende der Unterstützung für ihr IT-Verfahren. Ende der Unterstützung heißt: Danach repariert niemand mehr Fehler im IT-Verfahren.
report-needs-doing =
    { $count ->
        [one] Bei 1 Verfahren muss jemand etwas tun:
       *[other] Bei { $count } Verfahren muss jemand etwas tun:
    }
report-ageing-caption = Was ist wo zu tun? Sortiert nach Risiko
report-col-procedure = Verfahren
report-col-risk = Risiko
report-col-todo = Das ist zu tun
report-col-responsible = Verantwortlich
report-strategies = { $count } von { $agencies } Behörden haben eine Digital·strategie eingetragen. { $alarms } Ziele weichen ab oder sind verfehlt. { $overdue } Meilensteine sind überfällig.
report-strategies-none = Noch keine Behörde hat eine Digital·strategie eingetragen.
report-strategies-caption = So weit sind die Digital·strategien

## Four eyes on decisions (Vier-Augen-Prinzip)
proposal-list = Bescheide für die zweite Person (Vier-Augen-Prinzip)
proposal-open = wartet auf die zweite Person
proposal-proposed-by = Geschrieben von { $name } am { $at }
proposal-returned-by = Zurück·gegeben von { $name } am { $at }
proposal-approved-by = Frei·gegeben und verschickt von { $name } am { $at }
proposal-return-reason = Darum geben Sie den Bescheid zurück
proposal-return-hint = Was soll anders werden? Die Person, die den Bescheid geschrieben hat, liest Ihren Text.
proposal-return = Zurück·geben
proposal-approve = Frei·geben und Bescheid verschicken
proposal-own = Sie haben diesen Bescheid geschrieben. Eine zweite Person aus Ihrer Behörde muss ihn frei·geben.
proposal-preview = Bescheid ansehen (PDF, geht in einem neuen Fenster auf)
proposal-revise = Bescheid noch einmal bearbeiten
proposal-note = Nachricht an die zweite Person
proposal-note-hint = Das müssen Sie nicht ausfüllen. Sie können zum Beispiel schreiben: Darauf soll die zweite Person gut achten.
proposal-waiver = Erlass von der Gebühr: { $amount }. Grund: { $reason }
proposal-hint = Bei dieser Leistung gilt das Vier-Augen-Prinzip. Das heißt: Eine zweite Person aus Ihrer Behörde muss den Bescheid frei·geben. Erst dann wird der Bescheid verschickt. Danach kann man ihn nicht mehr ändern.
proposal-submit = Der zweiten Person geben
proposal-error-reason = Schreiben Sie: Warum geben Sie den Bescheid zurück? Sie dürfen höchstens 5.000 Zeichen schreiben.
proposal-error-now-required = Bei dieser Leistung gilt jetzt das Vier-Augen-Prinzip. Geben Sie den Bescheid einer zweiten Person. Ihr Text ist noch da.
proposal-error-open-exists = Ein anderer Bescheid für diesen Fall wartet schon auf die zweite Person. Ihr Text ist unten noch da. Sehen Sie sich den anderen Bescheid auf der Seite vom Fall an.
proposal-error-note-too-long = Die Nachricht ist zu lang. Sie dürfen höchstens 5.000 Zeichen schreiben.
case-info-proposed = Der Bescheid ist jetzt bei einer zweiten Person aus Ihrer Behörde. Sie gibt ihn frei. Oder sie gibt ihn zurück.
case-info-returned = Der Bescheid ist zurück bei der Person, die ihn geschrieben hat.
case-event-decision-proposed = Bescheid an die zweite Person gegeben
case-event-decision-returned = Bescheid zurück·gegeben
case-event-decision-approved = Eine zweite Person hat den Bescheid frei·gegeben
application-event-decision-proposed = Der Bescheid ist geschrieben. Eine zweite Person von der Behörde liest ihn. Dann bekommen Sie den Bescheid.
application-event-decision-returned = Die Behörde ändert den Bescheid noch einmal.
application-event-decision-approved = Eine zweite Person von der Behörde hat den Bescheid frei·gegeben.
four-eyes-title = Vier-Augen-Prinzip bei Bescheiden
four-eyes-intro = Bei diesen Leistungen schreibt eine Person den Bescheid. Eine zweite Person aus derselben Behörde liest ihn. Sie gibt ihn frei. Oder sie gibt ihn zurück und schreibt: Darum. Niemand darf den eigenen Bescheid frei·geben.
four-eyes-services = { $agency }: Leistungen
four-eyes-save = Speichern
four-eyes-fee-waivers-legend = Erlass von Gebühren
four-eyes-fee-waivers = Bei jedem Erlass von einer Gebühr muss eine zweite Person zustimmen. Das gilt für alle Leistungen.
four-eyes-saved = Gespeichert. Das gilt für alle Bescheide, die ab jetzt geschrieben werden.
four-eyes-none = Sie verwalten keine Behörde. Diese Seite ist nur für Menschen, die eine Behörde verwalten.
staff-nav-four-eyes = Vier-Augen-Prinzip
case-answers-json = Die Angaben als Datei für ein anderes Programm (JSON, mit FIM-Nummern)
