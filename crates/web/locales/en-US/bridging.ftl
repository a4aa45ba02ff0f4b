# The bridging score on the results page (issue 3).
results-bridging = Bridging: agreed across groups
results-bridging-rule = Ranked by bridging score: the part of the score that survives disagreement between groups. Every star rating is read as the exchange's average, plus how generous the rater is, plus the thought's own score, plus how far the rater's leaning and the thought's leaning line up. The thought's own score, on the 1 to 5 star scale, is what is left once the leanings have explained what the camps disagree about, so a thought loved by one side and disliked by the other ranks below one that both sides like.
results-bridging-none = No thought has star ratings yet.
results-bridging-score = bridging score { $score }
results-bridging-row = bridging score { $score } (number { $rank } by bridging)
