# Rathaus — English
skip-to-content = Skip to content
brand-sub = Digital town hall
lang-switch-label = Choose language
nav-main-label = Main navigation
nav-home = Home
nav-services = Services A–Z
nav-agencies = Agencies
nav-locations = Locations
nav-search = Search
breadcrumb-label = You are here
footer-label = Legal
footer-imprint = Legal notice
footer-privacy = Privacy
footer-accessibility = Accessibility
footer-about = Rathaus is free software under the EUPL-1.2. All data in this demo is invented.
back-home = Back to the home page

home-title = Get things done with the city, online
home-lead = Find the service you need: what it costs, which documents you need and where you can get it.
home-popular = Frequently requested
home-all-services = All { $count } services from A to Z
home-locations = Locations and opening hours

search-title = Search
search-label = What are you looking for?
search-hint = For example: identity card, moving house, dog tax
search-button = Search
search-results-title = Search results for “{ $query }”
search-count = { $count ->
    [0] No results
    [one] 1 result
   *[other] { $count } results
}
search-none = We found no matching service. Check the spelling or try another word. Service names are matched in German and English.
search-browse = Browse all services from A to Z

services-title = Services from A to Z
services-count = { $count ->
    [one] 1 service
   *[other] { $count } services
}
services-az = Jump to a letter
filter-audience = For whom?
filter-agency = Agency
filter-all = All
filter-apply = Apply filter
audience-resident = Individuals
audience-business = Businesses
tag-online = Available online
tag-accessible = Step-free access

service-online-yes = You can apply for this service online.
service-online-no = You cannot apply for this service online yet.
service-in-person = You need to come in person.
service-fee = Fee
fee-free = Free of charge
fee-variable = The fee depends on the individual case.
fee-tiered = The fee depends on your case:
fee-case = Case
fee-amount = Amount
service-processing = Processing time
processing-varies = It depends on the individual case.
processing-immediate = Immediately, usually at the appointment
processing-days = { $days ->
    [one] about 1 working day
   *[other] about { $days } working days
}
service-appointment = Length of an appointment
appointment-minutes = about { $minutes } minutes
service-audience = For whom
service-assurance = Sign-in needed
assurance-low = Service account with password (assurance level low)
assurance-substantial = Service account with a second factor (assurance level substantial)
assurance-high = Online ID card (assurance level high)
service-delivery = How you receive the result
delivery-download = download from your inbox
delivery-post = by post
delivery-pickup = for collection
service-legal-basis = Legal basis
service-documents = Documents you need (in German)
service-documents-none = You do not need any documents.
service-agency = Responsible office
service-locations = Where you can get this service in person
service-other-name = In German
contact-email = Email
contact-phone = Phone

agencies-title = Agencies and offices
agency-kind-state-agency = State ministry
agency-kind-district-office = District office
agency-kind-unit = Office or unit
agency-part-of = part of
agency-services = Services of this agency
agency-locations = Locations of this agency

locations-title = Locations
locations-lead = You can visit us in person here, preferably with an appointment.
location-run-by = Run by
location-accessible = This location has step-free access.
location-not-accessible = This location does not have step-free access. Please call ahead and we will help you.
location-counters = { $count ->
    [one] 1 counter
   *[other] { $count } counters
}
location-hours = Opening hours
location-day = Day
location-open = Open
location-services = Services at this location
hours-closed = closed
hours-today-open = Open today: { $hours }
hours-today-closed = Closed today
weekday-0 = Monday
weekday-1 = Tuesday
weekday-2 = Wednesday
weekday-3 = Thursday
weekday-4 = Friday
weekday-5 = Saturday
weekday-6 = Sunday

imprint-title = Legal notice
imprint-p1 = This is a demonstration of the free software Rathaus. A real installation is run by the city or municipality, which enters its address, its representatives and its contact details here.
imprint-p2 = Responsible for the content (demo): City administration, Musterstraße 1, 20095 Hamburg, email: rathaus@example.org.
imprint-p3 = The service descriptions are sample texts. Only the information given by the responsible office is binding.
imprint-p4 = Rathaus is published under the European Union Public Licence (EUPL-1.2).

privacy-title = Privacy
privacy-p1 = We process personal data only as far as needed to provide this website and the administrative services you ask for (Art. 6(1)(c) and (e) GDPR).
privacy-p2 = We do not build profiles and set no advertising or analytics cookies. We set one cookie for your language choice and, once you use a form, a session cookie that protects against forged requests.
privacy-p3 = All fonts, images and programs are delivered by this server. No data is passed to third parties.
privacy-p4 = Uploaded files are stored encrypted. Every file has its own key; when a file is deleted, its key is destroyed.
privacy-p5 = Staff access to your cases is logged; the log is protected against later changes.
privacy-p6 = You have the right of access, rectification, erasure and restriction of processing, and the right to complain to the data protection authority. Contact: datenschutz@example.org.

accessibility-title = Accessibility statement
accessibility-p1 = The city aims to make this website accessible in accordance with the German accessibility regulation (BITV 2.0), based on EN 301 549 and so WCAG 2.1 level AA.
accessibility-p2 = All pages work without JavaScript, with a keyboard, with screen readers, at 200 % zoom and on small screens. Every page is checked for barriers automatically.
accessibility-known-title = What is not yet accessible
accessibility-known = Many service descriptions are not yet available in Easy Read German or in English. They are shown in German instead.
accessibility-enforcement-title = Enforcement procedure
accessibility-enforcement = If you do not receive a satisfactory answer to your feedback, you can contact the arbitration board under § 16 BGG (www.schlichtungsstelle-bgg.de).
feedback-title = Report a barrier
feedback-intro = Did you come across a barrier on these pages? Tell us. We answer within two weeks if you give an email address.
feedback-message = What did you notice?
feedback-message-hint = Describe on which page it was and what did not work. At most { $max } characters.
feedback-email = Email address (optional)
feedback-email-hint = Only if you would like an answer.
feedback-submit = Send report
feedback-error-message-missing = Please describe the barrier.
feedback-error-message-short = Please describe the barrier in a little more detail (at least 10 characters).
feedback-error-message-long = Your description is too long. Please shorten it to at most 5000 characters.
feedback-error-email = Enter a valid email address, like name@example.org – or leave the field empty.
feedback-thanks-title = Thank you for your report
feedback-thanks-text = We have received your report and passed it on to the accessibility officer.
feedback-mail-subject = New report of a barrier
feedback-mail-intro = A barrier was reported through the form on { $page }:
feedback-mail-reply-to = The person asks for an answer at { $email }.
feedback-mail-anonymous = The report was sent without an email address.

form-error-summary = There is a problem
form-error-prefix = Error

error-code = Error code
error-400-title = Bad request
error-400-text = Your browser sent a request we do not understand. Please reload the page.
error-403-title = Access denied
error-403-text = You may not do this. If you submitted a form, it may have been open for too long: reload the page and try again. Your entries stay in your browser when you go back.
error-404-title = Page not found
error-404-text = This page does not exist (any more). The search may help you.
error-409-title = Conflict
error-409-text = This has changed in the meantime. Please reload the page.
error-413-title = Too large
error-413-text = The data you sent is too large. Please shorten your entry or choose a smaller file.
error-422-title = Cannot process the entry
error-422-text = Some of the information does not fit. Please check your entries.
error-429-title = Too many requests
error-429-text = You have sent very many requests in a short time. Please wait a moment and try again.
error-500-title = Something went wrong
error-500-text = This is our fault, not yours. Please try again later. What you entered so far is not lost.
error-503-title = Temporarily unavailable
error-503-text = The service cannot be reached right now. Please try again in a few minutes.

mail-greeting = Hello,
mail-footer = This message was sent automatically. Please do not reply to this email.
mail-test-subject = Test email from Rathaus
mail-test-body = Sending email works. This message was triggered by “rathaus admin mail-test”.

# Service account
nav-account = Service account
account-title = My service account
account-email = Email address
account-password = Password
account-password-new = New password
account-password-repeat = Repeat the password
account-password-current = Current password
password-hint = At least 10 characters. Several unrelated words are the safest choice.
account-error-name = Enter your name.
account-error-name-long = Your name is too long (at most 200 characters).
account-error-email = Enter a valid email address, like name@example.org.
password-error-short = The password must be at least 10 characters long.
password-error-long = The password must be at most 128 characters long.
password-error-weak = This password is too easy to guess. Choose, for example, several unrelated words.
password-error-repeat = The two passwords do not match.
password-error-current = The current password is not correct.
register-title = Create a service account
register-lead = With a service account you apply online, pay fees and receive decisions in your inbox.
register-name = First and last name
register-email-hint = We send a confirmation link to this address.
register-submit = Create account
register-have-account = Already have an account?
register-sent-title = Check your email
register-sent-text = We have sent you an email. Open the link in it to confirm your account. The link is valid for 48 hours.
confirm-title = Confirm your email address
confirm-text = Confirm that this email address belongs to you.
confirm-submit = Confirm address
link-expired-title = This link is no longer valid
link-expired-text = The link has been used already or has expired. Please ask for a new one.
sign-in-title = Sign in
sign-in-submit = Sign in
sign-in-error = The email address or the password is not correct. Check what you entered or reset your password.
sign-in-info-verified = Your email address is confirmed. You can sign in now.
sign-in-info-password = Your password has been changed and all sessions have ended. Sign in with the new password.
sign-in-info-signed-out = You are signed out.
sign-in-unverified-title = Please confirm your email address first
sign-in-unverified-text = Your account is not confirmed yet. We have sent you a new link.
sign-out = Sign out
forgot-title = Forgot your password
forgot-lead = Enter the email address of your account. We will send you a link to set a new password.
forgot-submit = Send link
forgot-sent-title = Check your email
forgot-sent-text = If there is an account for this address, you will receive an email with a link shortly. It is valid for one hour.
reset-title = Set a new password
reset-lead = Afterwards, all sessions end, on other devices too.
reset-submit = Save password
change-title = Change password
change-lead = After the change, all your other sessions end.
change-submit = Change password
account-back = Back to your service account
account-level = Assurance level of this session
account-info-password = Your password has been changed. All other sessions have ended.
account-info-session-ended = The session has ended.
account-sessions = Signed-in devices
account-sessions-lead = You are signed in here right now. End any session you do not recognise, then change your password.
account-session-browser = Browser
account-session-since = Signed in since
account-session-action = Action
account-session-this = this device
account-session-end = End session
mail-verify-subject = Please confirm your email address
mail-verify-body = You have created a service account. Please confirm your email address. The link is valid for 48 hours.
mail-verify-action = Confirm address
mail-verify-footer = If you did not create an account, you can ignore this email.
mail-already-subject = You already have a service account
mail-already-body = Someone tried to create a service account with this address, but you already have one. If that was you and you have forgotten your password, reset it.
mail-already-action = Reset password
mail-already-footer = If that was not you, you need not do anything. Your account is unchanged.
mail-reset-subject = Your link for a new password
mail-reset-body = You asked for a new password. The link is valid for one hour and works once.
mail-reset-action = Set a new password
mail-reset-footer = If that was not you, you can ignore this email. Your password is unchanged.
mail-no-account-subject = There is no service account for this address
mail-no-account-body = Someone asked to set a new password for this address, but there is no service account for it.
mail-no-account-action = Create a service account
mail-no-account-footer = If that was not you, you need not do anything.
mail-new-device-subject = New sign-in to your service account
mail-new-device-body = Someone has just signed in to your service account on a new device.
mail-new-device-action = See signed-in devices
mail-new-device-footer = If that was not you, end the session and change your password at once.
