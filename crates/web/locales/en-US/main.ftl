## Frame
skip-to-content = Skip to content
nav-label = Main
nav-exchanges = Exchanges
nav-manage = Manage
nav-sign-in = Staff sign-in
nav-sign-out = Sign out
footer-text = accord: a school district's safety and security staff program, run in the open. Thoughts are anonymous.
back-to-exchange = Back to the exchange

## States and groups
state-draft = Draft
state-open = Open
state-closed = Closed
state-published = Results published
group-student = Students
group-parent = Parents or guardians
group-teacher = Teachers
group-administrator = Administrators
group-staff = School or central office staff
group-board_member = School board members
group-community = Community members
group-non_district_community = Community members from outside the district
group-none = Prefer not to say

## Counts ($count chooses the plural form, $shown is the number as displayed)
count-participants = { $count ->
    [one] { $shown } participant
   *[other] { $shown } participants
}
count-thoughts = { $count ->
    [one] { $shown } thought
   *[other] { $shown } thoughts
}
count-star-ratings = { $count ->
    [one] { $shown } star rating
   *[other] { $shown } star ratings
}
count-skips = { $count ->
    [one] { $shown } skip
   *[other] { $shown } skips
}
count-ratings = { $count ->
    [one] { $shown } rating
   *[other] { $shown } ratings
}

## Home
home-title = Community exchanges
home-lead = Your district asks one open question. Share your thoughts anonymously, star other people's thoughts, and see what the whole community thinks.
home-none = There are no open exchanges right now.

## Sign-in
login-title = Staff sign-in
login-lead = For district and agency staff. Participants never need an account.
login-email = Email
login-password = Password
login-submit = Sign in
login-failed = That email and password do not match an account. Check them and try again.

## An exchange
exchange-closed = This exchange is closed. Results will be shared when the district publishes them.
exchange-draft = This exchange is a draft: only the district's facilitators can see it.
join-heading = Join this exchange
join-lead = You take part anonymously: nobody, not even the district, can see which thoughts or ratings are yours.
join-group = Which group are you part of?
join-invitation = Invitation code
join-submit = Join
share-heading = Share your thoughts
share-label = Your thought
share-hint = Up to 500 characters. Share as many thoughts as you like, one at a time. Please do not include names or contact details.
share-submit = Share
share-yours = Your thoughts so far
star-heading = Star other people's thoughts
star-progress = { $count ->
    [0] You have not rated any thoughts yet.
    [one] You have rated { $shown } thought.
   *[other] You have rated { $shown } thoughts.
}
star-start = Start starring
star-title = Star thoughts
star-legend = How much does this thought matter to you?
star-hint = 1 star: it matters little to me. 5 stars: it matters a lot.
star-button = { $count ->
    [one] { $shown } star
   *[other] { $shown } stars
}
star-skip = Skip this one
star-done = You have seen every thought for now. Come back later: new thoughts keep arriving while the exchange is open.
notice-joined = Welcome! You can now share thoughts and star other people's.
notice-thought-saved = Thank you: your thought was shared.
notice-rating-saved = Saved. Here is the next one.

## Results
results-link = See the results
results-title = Results
results-preview = Preview for facilitators: these results are not published yet.
results-participation = Participation
results-groups-chart = Participants by group
results-groups-table = Participants by group (table)
results-group = Group
results-participants = Participants
results-top = Top thoughts
results-view = Ranking as seen by
results-view-all = Everyone
results-apply = Show
results-ranking-rule = Ranked by adjusted score. Raters differ in how generous they are, and each thought is seen by different raters, so every star rating is read as the exchange's average, plus how generous the rater is, plus the thought's own score; the score shown is the thought's own score on the 1 to 5 star scale, what a rater of average generosity would give it. Both the rater's part and the thought's part are pulled toward the average as if each had { $weight } more ratings at that average, so that a few ratings cannot put a thought on top. The range, as wide as for the plain average, is where the score lies with 90% confidence; beside it, how many people rated the thought and their plain average.
results-ranking-rule-group = Ranked by this group's score: the average of the group's stars, pulled toward the group's average as if each thought had { $weight } more ratings at that average, so that a few ratings cannot put a thought on top. Unlike everyone's ranking it is not adjusted for how generous each rater is: within one group there are too few raters to tell that apart. The range is where the score lies with 90% confidence.
results-common-ground = Common ground
results-common-ground-hint = Thoughts that every group with at least 5 ratings of them rated above its own average.
results-common-ground-none = No thought is yet rated above average by every group with enough ratings.
results-group-score = { $group } { $score } (their average { $average })
results-differences = Where groups differ
results-differences-hint = Thoughts on which groups are furthest apart, each group measured against its own average.
results-differences-none = No thought yet has enough ratings from two groups to compare them.
results-difference = Highest: { $high } { $high_score } (their average { $high_average }). Lowest: { $low } { $low_score } (their average { $low_average }).
results-none = No thoughts have been shared yet.
results-by-group = Scores by group
results-score = Score
results-ratings = Ratings
results-mean = plain average { $mean }
results-interval = 90% range { $low }–{ $high }
results-pages = Result pages
results-page-of = Page { $page } of { $pages }
results-prev = Previous page
results-next = Next page
results-export = Download all thoughts and figures (CSV)
results-not-published = The results of this exchange have not been published.

## Facilitators
manage-title = Your exchanges
manage-new = New exchange
manage-none = No exchanges yet.
manage-caption = Exchanges of your district
manage-col-title = Exchange
manage-col-state = State
manage-back = Back to your exchanges
manage-edit-heading = Exchange: { $title }
manage-state-heading = Where it stands
manage-view-public = See it as participants do
manage-view-results = Results
manage-open = Open to participants
manage-close = Close
manage-publish = Publish the results
manage-details = Details
manage-save = Save
notice-exchange-created = The exchange was created as a draft. Open it when you are ready.
notice-exchange-saved = Saved.
notice-exchange-opened = The exchange is open: participants can join now.
notice-exchange-closed = The exchange is closed.
notice-exchange-published = The results are published.
field-title = Title
field-question = The question you ask
field-context = Context
field-context-hint = Background, and links to documents such as the draft agreement. Separate paragraphs with a blank line.
field-groups = Groups participants can choose from
field-invitation = Invitation code (optional)
field-invitation-hint = When set, only people who have the code can join.
field-results-public = Anyone can see the results once published (otherwise only participants and staff)

## Messages
invalid-empty = { $field ->
    [title] Please give a title.
    [question] Please write the question.
    [thought] Please write your thought before sharing it.
   *[other] This field cannot be empty.
}
invalid-too-long = { $field ->
    [thought] Your thought is { $len } characters long; the limit is { $max }. Please shorten it.
   *[other] This text is { $len } characters long; the limit is { $max }.
}
invalid-group = "{ $group }" is not one of this exchange's groups.
invalid-invitation = That invitation code is not right. Check it and try again.
invalid-stars = Stars must be a whole number from 1 to 5, not { $stars }.
invalid-stars-missing = Choose from 1 to 5 stars, or skip the thought.
invalid-stars-and-skip = Give stars or skip, not both.
invalid-transition = That step is not possible now: { $state }.
invalid-transition-race = Someone else changed this exchange at the same moment. Reload and try again.
exchange-not-open = This exchange is not open, so it does not take new participants, thoughts or ratings.
rating-own-thought = You cannot rate your own thought.

## Errors
error-not-found = Page not found
error-unauthorized = Please sign in
error-forbidden = You do not have access to this
error-csrf = This form has expired. Go back, reload the page and try again.
error-invalid = Some of what was sent is not valid
error-conflict = That cannot be done now
error-malformed = The request could not be read
error-too-large = That is more than we can accept at once
error-too-many = Too many requests: please wait a moment and try again
error-internal = Something went wrong on our side
error-id = If you contact the district about this, quote this reference:
error-home = Go to the home page
