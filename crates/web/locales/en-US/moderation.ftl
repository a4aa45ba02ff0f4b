# Moderation: screening, reports, the review queue (issue 3, item 5).

notice-thought-held = Thank you, your thought was received. Before others see it, a facilitator will review it, because it may contain personal details or words that need a second look.
notice-reported = Thank you for telling us. A facilitator will look at that thought; you will not be shown it again.
notice-already-reported = You have already reported that thought. A facilitator will look at it.
notice-decided = Decision saved and added to the moderation record.

help-heading = You are not alone
help-lead = Some of what you wrote sounds like you may be going through something hard. If you are thinking about hurting yourself, please reach out now, free and confidential, any time:
help-988 = Call or text 988 to reach the 988 Suicide & Crisis Lifeline.
help-crisis-text = Text HOME to 741741 to reach the Crisis Text Line.
help-school = Talk to a counselor or a trusted adult at school.

my-thought-held = Waiting for review
my-thought-hidden = Not shown to others

report-link = Report this thought
report-title = Report a thought
report-back = Back to starring
report-lead = If this thought should not be shown to others, tell us why. A facilitator will look at it. Nobody sees who reported it.
report-reason = Why should a facilitator look at it?
report-reason-personal_information = It names or identifies someone (a name, phone number, email or address)
report-reason-abuse = It is insulting, hateful or threatening
report-reason-self_harm = The writer may be at risk of hurting themselves
report-reason-spam = It is spam or advertising
report-reason-other = Something else
report-note = Anything to add? (optional)
report-note-hint = Up to 500 characters. Please do not write anyone's personal details here.
report-submit = Send report
report-already = You have already reported this thought.
invalid-report-reason = Please choose why you are reporting this thought.

moderation-count-waiting = { $count ->
    [one] { $shown } thought waiting for review
   *[other] { $shown } thoughts waiting for review
}
moderation-count-held = { $shown } held
moderation-count-hidden = { $shown } hidden
moderation-alert = { $count ->
    [one] A thought shows signs that its writer may be at risk of self-harm. Please review it now.
   *[other] { $shown } thoughts show signs that their writers may be at risk of self-harm. Please review them now.
}
manage-moderation-heading = Moderation
manage-moderation-link = Open the review queue

flag-email = email address
flag-phone = phone number
flag-street-address = street address
flag-person-name = person's name
flag-abuse = abusive words
flag-self-harm = self-harm signal

thought-status-visible = Visible, reported
thought-status-held = Held
thought-status-hidden = Hidden

alert-source-screen = self-harm signal found when shared
alert-source-report = reported by a participant as a self-harm risk

decision-approve = Approve: show it as written
decision-hide = Hide: never show it to others
decision-redact = Edit out personal details: show the edited text below
decision-reason-missing = Please give a reason for your decision; it is kept in the moderation record.
decision-text-missing = Please give the edited text that others will see.
invalid-decision = Please choose approve, hide or edit out personal details.

queue-title = Review queue
queue-back = Back to the exchange
queue-empty = Nothing is waiting for review.
queue-item-heading = Thought { $id }
queue-item-alert = Its writer may be at risk of self-harm.
queue-written = As written (highlighted: what the screen found):
queue-shown = What others see now:
queue-reports = { $count ->
    [one] { $shown } report
   *[other] { $shown } reports
}
queue-decision = Decision
queue-redacted = Text others will see, if you edit out personal details
queue-redacted-hint = Found personal details are already replaced with [removed]. The writer's text stays in the record and is never shown publicly.
queue-reason = Reason (kept in the moderation record)
queue-submit = Save decision
queue-alerts = Self-harm alerts
queue-thought-number = thought { $id }
queue-alert-dealt-with = reviewed
queue-trail = Moderation record
queue-trail-empty = No decisions yet.
queue-trail-caption = Every decision, newest first. Nothing is ever deleted.
queue-trail-when = When
queue-trail-who = Who
queue-trail-decision = Decision
queue-trail-reason = Reason
queue-trail-text = Text before
queue-trail-after = Now shown:
