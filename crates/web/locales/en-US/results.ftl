# Themes, charts, filters, exports and the printable report on the results page.
count-raters = { $count ->
    [one] { $shown } rater
   *[other] { $shown } raters
}
results-themes = Themes
results-themes-none = The themes of this exchange have not been computed yet.
results-themes-hint = Thoughts grouped by the words they share, then reviewed by the facilitator. A theme's score pools every star given to its thoughts and is computed like a thought's score; raters are the people who starred at least one of its thoughts.
results-theme-terms = Distinctive words:
results-theme-representatives = Most representative thoughts:
results-theme-see = See all its thoughts
results-theme-filter = Theme
results-theme-all = All themes
results-theme-shown = Showing only the thoughts of the theme “{ $theme }”.
results-theme-clear = Show all thoughts
results-theme-unknown = That theme does not exist (any more): the themes may have been computed again. Choose one from the list.
results-export-json = Download all thoughts, themes and figures (JSON)
results-report = Printable report
report-hint = This page is made for printing: use your browser's Print command. Every chart has its figures in a table beside it.
chart-distribution = How many thoughts score in each band
chart-band = { $low }–{ $high } stars
chart-col-band = Score band
chart-col-thoughts = Thoughts
chart-groups = Each group's score, side by side
chart-col-group = Group
chart-col-score = Score
chart-col-range = 90% range
chart-col-ratings = Ratings
chart-col-raters = Raters
chart-themes = Themes by size, with their score
chart-col-theme = Theme
chart-top = Top thoughts with their 90% range
chart-col-thought = Thought
chart-common-ground = Common ground: from the group that rates it lowest to the highest
chart-differences = Differences: from the group that rates it lowest to the highest
chart-col-lowest = Lowest group
chart-col-highest = Highest group
