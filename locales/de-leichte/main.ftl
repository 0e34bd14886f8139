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
