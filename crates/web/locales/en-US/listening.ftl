## Listening sessions: the staff's schedule and record, the public's list and sign-up

listening-sessions = Listening sessions
listening-none-yet = No listening sessions yet.
listening-schedule = Schedule a session
listening-edit = Change or cancel this session
listening-save = Save changes
listening-cancel-session = This session is cancelled
listening-cancelled = Cancelled
listening-title = Title
listening-description = What the session is about (optional)
listening-school = School
listening-school-none = The whole district
listening-date = Date
listening-starts = Starts at
listening-ends = Ends at
listening-time-zone = Time zone
listening-place = Place
listening-online = Online
listening-online-url = Online link
listening-venue-hint = A place, an online link, or both.
listening-languages = Languages
listening-languages-hint = Separate them with commas, for example: English, Spanish.
listening-interpretation = Interpretation offered
listening-capacity = Capacity
listening-when-heading = When
listening-signed-up = Signed up
listening-attended = Attended
listening-seats = People signed up
listening-sign-ups = Sign-ups
listening-sign-ups-private = Only program administrators see who signed up.
listening-no-sign-ups = Nobody has signed up yet.
listening-interpretation-count = { $count ->
    [one] { $count } sign-up needs interpretation.
   *[other] { $count } sign-ups need interpretation.
}
listening-name = Name
listening-contact = Email or phone
listening-language = Language
listening-needs-interpretation = I need interpretation
listening-party-size = Number of people (you included)
listening-yes = Yes
listening-save-attendance = Save attendance
listening-outcome = Notes, summary and themes
listening-notes = Notes
listening-notes-hint = For staff only; never shown to the public.
listening-summary = Summary
listening-summary-hint = Shown to the public once the session has been held.
listening-themes = Themes raised
listening-themes-hint = One theme per row, in order; leave a row empty to remove it.
listening-theme-label = Theme
listening-theme-detail = What was said
listening-save-outcome = Save notes, summary and themes
listening-notice-scheduled = The session is scheduled.
listening-notice-attendance = Attendance saved.
listening-notice-outcome = Notes, summary and themes saved.
listening-notice-saved = Changes saved.

listening-when = { $weekday } { $date }, { $starts }–{ $ends } { $zone }
listening-weekday-1 = Monday
listening-weekday-2 = Tuesday
listening-weekday-3 = Wednesday
listening-weekday-4 = Thursday
listening-weekday-5 = Friday
listening-weekday-6 = Saturday
listening-weekday-7 = Sunday
listening-zone-pacific = Pacific time
listening-zone-mountain = Mountain time
listening-zone-arizona = Arizona time
listening-zone-central = Central time
listening-zone-eastern = Eastern time
listening-zone-alaska = Alaska time
listening-zone-hawaii = Hawaii time
listening-zone-utc = UTC

listening-public-lead = Come and tell { $district } what you think about safety and security staff in our schools. Sign up without an account.
listening-upcoming = Upcoming sessions
listening-none-upcoming = No session is scheduled right now.
listening-past = Past sessions
listening-none-past = No session has been held yet.
listening-full = Full
listening-places-left = { $count ->
    [one] { $shown } place left
   *[other] { $shown } places left
}
listening-people-came = { $count ->
    [one] { $shown } person came
   *[other] { $shown } people came
}
listening-all-sessions = All listening sessions
listening-sign-up = Sign up
listening-signed-up-notice = You are signed up. Thank you, we look forward to hearing from you.
listening-privacy = Your name and contact are seen only by the district's program staff, to plan the room and interpretation and to tell you of any change. They are never published.
listening-your-name = Your name
listening-contact-optional = Email or phone (optional)
listening-contact-hint = Only to tell you if the session changes.
listening-language-wanted = Language you would like
listening-no-preference = No preference
listening-closed-cancelled = This session was cancelled.
listening-closed-started = Sign-up closed when the session started.
listening-closed-full = This session is full.

listening-invalid-time = “{ $value }” is not a time; write it as 18:30.
listening-invalid-time-zone = Choose one of the listed time zones.
listening-invalid-labels-many = List at most { $max } languages.
listening-invalid-labels-long = A language's name has at most { $chars } characters.
listening-invalid-ends = The session must end after it starts.
listening-invalid-too-long = A session lasts at most twelve hours.
listening-invalid-capacity = The capacity must be a whole number from 1 to { $max }.
listening-invalid-capacity-taken = { $taken } places are already taken: the capacity cannot be smaller.
listening-invalid-no-language = Offer at least one language.
listening-invalid-no-venue = Give a place or an online link.
listening-invalid-link = An online link starts with https:// and has no spaces.
listening-invalid-name = Please give your name (at most 200 characters).
listening-invalid-contact = Give an email address or a phone number, or leave it empty.
listening-invalid-language = Choose one of the session's languages, or no preference.
listening-invalid-party = A sign-up is for 1 to { $max } people.
listening-invalid-theme-label = Each theme needs a short name before what was said.
listening-invalid-themes-many = Record at most { $max } themes.
listening-refused-cancelled = This session was cancelled: sign-up is closed.
listening-refused-started = Sign-up closed when the session started.
listening-refused-full = Sorry, this session is full.
listening-refused-too-few = Not enough places for everyone: { $left } left. Sign up fewer people.
