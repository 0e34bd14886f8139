# Rathaus — Leichte Sprache. Fehlende Texte kommen aus dem Deutschen.
skip-to-content = Zum Inhalt
brand-sub = Das Rathaus im Internet
nav-home = Start·seite
nav-services = Alle Angebote
nav-agencies = Ämter
nav-locations = Orte
nav-search = Suchen
nav-appointments = Termin machen
home-title = Zum Amt gehen – im Internet
home-lead = Hier finden Sie Angebote von der Stadt. Sie sehen: Was kostet das? Was brauchen Sie dafür? Wo bekommen Sie das?
home-popular = Das suchen viele Menschen
home-locations = Hier können Sie hingehen
search-label = Was suchen Sie?
search-hint = Zum Beispiel: Ausweis. Oder: Umzug.
search-none = Wir haben nichts gefunden. Bitte versuchen Sie ein anderes Wort.
service-online-yes = Das können Sie im Internet machen.
service-online-no = Das können Sie noch nicht im Internet machen.
service-in-person = Sie müssen dafür zum Amt gehen.
service-apply-elsewhere = Der Antrag ist auf einer anderen Internet·seite. Die Seite heißt: { $host }.
service-how-instead = So können Sie es machen
service-instead-call = Sie können anrufen
service-instead-write = Sie können eine E-Mail schreiben
service-fee = Das kostet es
fee-free = Das kostet nichts.
service-documents = Das müssen Sie mitbringen
service-processing = So lange dauert es
hours-today-closed = Heute ist geschlossen.
location-accessible = Sie kommen ohne Stufen hinein.
error-404-title = Diese Seite gibt es nicht
error-404-text = Vielleicht hilft die Suche.
error-500-title = Es gibt ein Problem
error-500-text = Das ist unser Fehler. Bitte versuchen Sie es später noch einmal.
feedback-title = Etwas ist schwer zu benutzen
feedback-intro = Ist etwas auf dieser Seite schwer für Sie? Schreiben Sie uns.
second-factor-title = Anmeldung bestätigen
second-factor-lead-sign-in = Ihr Passwort ist richtig. Jetzt brauchen wir noch den Code. Dann wissen wir: Sie sind es wirklich.
second-factor-lead-step-up = Für diese Seite brauchen wir mehr Sicherheit. Geben Sie bitte den Code ein. Danach geht es weiter.
second-factor-code-hint = Den Code sehen Sie in der App auf Ihrem Handy. Er hat 6 Zahlen.
second-factor-error = Der Code ist falsch. Nehmen Sie bitte den neuen Code aus der App.
security-title = Sicherheit
security-lead = Hier machen Sie Ihr Konto sicherer.
passkeys-lead = Ein Passkey ist ein Schlüssel auf Ihrem Handy oder Computer. Sie brauchen dann kein Passwort. Sie nehmen Ihren Finger·abdruck oder Ihre PIN.
passkey-sign-in-lead = Sie brauchen kein Passwort. Ihr Gerät fragt nach Ihrem Finger·abdruck oder Ihrer PIN.
totp-lead = Eine App auf Ihrem Handy zeigt einen Code. Der Code ändert sich alle 30 Sekunden. Sie geben den Code nach dem Passwort ein.
recovery-lead = Mit diesen Codes kommen Sie in Ihr Konto. Das ist wichtig, wenn Ihr Handy weg ist. Jeder Code geht nur 1 Mal. Drucken Sie die Codes aus. Heben Sie sie gut auf.
history-lead = Hier sehen Sie: Wann hat sich jemand bei Ihrem Konto angemeldet? Wir speichern das { $days } Tage.
appt-challenge-working = Bitte warten Sie kurz. Wir bereiten Ihren Termin vor.
appt-challenge-stale = Die Seite war zu lange offen. Bitte wählen Sie die Uhr·zeit noch einmal.
appt-wait-title = Bitte warten Sie kurz
appt-wait-lead = Gerade wollen sehr viele Menschen hier einen Termin. Alle sollen die gleiche Chance haben. Darum müssen Sie kurz warten.
appt-wait-seconds = { $seconds ->
    [one] Warten Sie noch 1 Sekunde. Dann drücken Sie auf „Weiter“.
   *[other] Warten Sie noch { $seconds } Sekunden. Dann drücken Sie auf „Weiter“.
}
appt-wait-choice = Ihre Uhr·zeit: { $time }
appt-wait-continue = Weiter

needs-eid-text-record = Bei diesem Antrag müssen wir sicher wissen: Sie sind es wirklich. Dafür brauchen Sie den Online-Ausweis. Melden Sie sich mit dem Online-Ausweis an. Danach können Sie weiter-machen.
needs-eid-back-applications = Zu Ihren Anträgen
error-413-limit = Die Datei ist zu groß. Erlaubt sind höchstens { $mb } MB. Nehmen Sie eine kleinere Datei. Oder schicken Sie die Dateien einzeln.
verify-erased = Das Amt hat den Inhalt am { $date } gelöscht. Das Amt muss Sachen nur eine bestimmte Zeit aufheben. Sie können Ihr Papier aber noch prüfen.
sign-in-no-account = Sie haben noch kein Service·konto?
sign-in-why-account = Mit einem Service·konto können Sie Anträge im Internet stellen. Sie können Gebühren bezahlen. Und Sie bekommen Briefe vom Amt in Ihr Post·fach.
second-factor-set-up = App einrichten
second-factor-other-ways = Andere Möglichkeiten
recovery-done-continue = Ich habe die Codes aufgeschrieben. Weiter.
recovery-download = Codes herunterladen
service-needs-low = Dafür brauchen Sie ein Service·konto.
service-needs-substantial = Dafür brauchen Sie ein Service·konto mit einer extra Sicherung. Zum Beispiel mit einer App auf dem Handy. Sie können die App auf dem Weg einrichten.
service-needs-high = Dafür brauchen Sie ein Service·konto und Ihren Ausweis mit Online-Funktion.
application-respond-by = Bitte antworten Sie bis zum { $date }.
application-expected-decision = Wir entscheiden wahrscheinlich bis
invoice-paid-notice = Danke. Sie haben bezahlt. Das Geld ist da.
application-decision-link = Brief vom Amt ansehen

# What to bring to an appointment, and the reminder before it
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

# Contact page, menu button, search shortcuts, home page
nav-menu = Menü
nav-contact = Kontakt
contact-title = Kontakt
contact-lead = So erreichen Sie die Stadt.
contact-own-title = Sie haben eine Frage zu Ihrem Antrag?
contact-own-text = Gehen Sie zu: Meine Anträge. Dort sehen Sie: So weit ist Ihr Antrag. Dort sind auch die Briefe von der Behörde. Sie können im Postfach eine Antwort schreiben.
contact-visit-title = Sie wollen persönlich kommen?
contact-visit-text = Buchen Sie einen Termin. Dann müssen Sie nicht warten.
search-none-contact = Sie können uns auch fragen:
search-shortcut-applications = Meine Anträge
search-shortcut-applications-text = Hier sehen Sie: So weit ist Ihr Antrag.
home-tasks = Das geht schnell
home-locations-open = Heute offen
service-contact-more = Sie haben eine Frage? Hier finden Sie Hilfe.
application-step-of = von

# Print view of the answers before submitting
check-print = Ihre Antworten zum Drucken
print-title = Zum Drucken
print-back = Zurück zu Ihren Antworten
print-saved = Gespeichert am: { $time }
print-draft = Achtung: Sie haben den Antrag noch nicht abgeschickt.
print-button = Drucken
recovery-print = Codes drucken
security-set-up-then-back = Richten Sie hier einen Passkey oder eine App ein. Danach kommen Sie zurück zu Ihrer Aufgabe.

# Error pages in Leichte Sprache
error-400-title = Das hat nicht geklappt
error-400-text = Bitte laden Sie die Seite neu.
error-401-title = Bitte melden Sie sich an
error-401-text = Melden Sie sich mit Ihrem Servicekonto an. Dann versuchen Sie es noch einmal.
error-402-title = Sie müssen erst bezahlen
error-402-text = Es gibt eine Gebühr. Bezahlen Sie die Gebühr. Dann geht es weiter.
error-403-title = Das dürfen Sie nicht
error-403-text = Bitte laden Sie die Seite neu. Dann versuchen Sie es noch einmal.
error-409-title = Das hat sich geändert
error-409-text = Jemand hat das in der Zwischenzeit geändert. Bitte laden Sie die Seite neu.
error-410-title = Das gibt es nicht mehr
error-410-text = Das Angebot ist vorbei. Bitte suchen Sie noch einmal.
error-413-title = Das ist zu groß
error-413-text = Die Datei ist zu groß. Nehmen Sie eine kleinere Datei.
error-422-title = Bitte prüfen Sie Ihre Angaben
error-422-text = Etwas passt nicht. Bitte prüfen Sie Ihre Angaben.
error-429-title = Zu viele Versuche
error-429-text = Bitte warten Sie kurz. Dann versuchen Sie es noch einmal.
error-503-title = Gerade geht es nicht
error-503-text = Bitte versuchen Sie es in ein paar Minuten noch einmal.
delivery-address-hint = Diese Adresse haben Sie im Antrag geschrieben. Sie können die Adresse hier ändern. Wir schicken das Ergebnis mit der Post an diese Adresse.

## Transparency portal
nav-transparency = Transparenz·portal
transparency-title = Transparenz·portal
transparency-lead = Transparenz heißt: Alle Menschen können sehen, was die Stadt macht. Darum stellt die Stadt viele Papiere und Daten ins Internet. Zum Beispiel: Verträge. Pläne für das Geld von der Stadt. Oder Zahlen über die Umwelt. Ein Gesetz sagt: Die Stadt muss das machen. Wir nennen diese Papiere und Daten: Veröffentlichungen. Alle Menschen dürfen die Veröffentlichungen ansehen. Sie brauchen dafür kein Service·konto. Sie können die Dateien herunterladen. Und Sie dürfen die Dateien benutzen. Bei jeder Veröffentlichung stehen die Regeln dafür.
transparency-total = { $count ->
    [one] Hier gibt es 1 Veröffentlichung.
   *[other] Hier gibt es { $count } Veröffentlichungen.
}
transparency-all = Alle Veröffentlichungen ansehen
transparency-newest = Das ist neu
transparency-none-yet = Es gibt noch keine Veröffentlichungen.
transparency-categories = Arten von Informationen
transparency-list-title = Veröffentlichungen
transparency-found = { $count ->
    [one] Wir haben 1 Veröffentlichung gefunden.
   *[other] Wir haben { $count } Veröffentlichungen gefunden.
}
transparency-filter-reset = Wieder alle Veröffentlichungen zeigen
transparency-filter-remove = Diese Auswahl löschen
transparency-results = Das haben wir gefunden
transparency-previous = Seite davor
transparency-next = Nächste Seite
transparency-resources = Dateien und Links
transparency-download = Herunterladen
transparency-open-link = Link öffnen
transparency-redacted = mit schwarzen Stellen
transparency-preview = So fängt die Datei an: { $name }
transparency-preview-more = Hier sehen Sie nur die ersten Zeilen. Die ganze Tabelle ist in der Datei. Laden Sie die Datei herunter. Dann sehen Sie alles.
transparency-metadata = Mehr Informationen zu dieser Veröffentlichung
transparency-licence-text = Die Regeln für die Benutzung lesen
transparency-cite = So schreiben Sie, woher Sie das haben
transparency-history = Das hat sich geändert
transparency-tombstone-title = Diese Veröffentlichung gibt es nicht mehr
transparency-tombstone-date = Die Stadt hat die Veröffentlichung am { $date } aus dem Internet genommen.
transparency-withdrawn-because = Der Grund ist: { $reason }
transparency-publisher = Von diesem Amt
transparency-category = Art von Information
transparency-licence = Regeln für die Benutzung
transparency-published-at = Im Internet seit

# Wie digital ist die Verwaltung?
footer-digital = Wie digital ist die Verwaltung?
maturity-title = Wie digital ist die Verwaltung?
maturity-lead = Hier steht für jedes Angebot vom Amt: Wie viel geht im Internet? Das zeigen die Stufen 0 bis 4. Rathaus rechnet die Stufe selbst aus. Bei jeder Stufe steht der Grund.
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
maturity-looks = sieht nur so aus, als ginge es im Internet
maturity-met = ja
maturity-not-met = nein
