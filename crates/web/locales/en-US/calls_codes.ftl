## Code lists of a call for service (LAW.md, "Code lists"), keyed by each code's stored key

call-outcome-handled_informally = Handled informally
call-outcome-returned_to_administration = Returned to administration
call-outcome-discipline = Discipline
call-outcome-use_of_force = Use of force
call-outcome-restraint_or_isolation = Restraint or isolation
call-outcome-referral_to_services = Referral to services or diversion
call-outcome-referral_to_law_enforcement = Referral to law enforcement
call-outcome-citation = Citation
call-outcome-referral_for_prosecution = Referral for prosecution
call-outcome-arrest = Arrest
call-outcome-booking = Booking

call-race-hispanic_latino = Hispanic / Latino of any race(s)
call-race-american_indian_alaskan_native = American Indian / Alaskan Native
call-race-asian = Asian
call-race-black_african_american = Black / African American
call-race-native_hawaiian_pacific_islander = Native Hawaiian / Other Pacific Islander
call-race-white = White
call-race-two_or_more_races = Two or More Races
call-race-not_reported = Not reported

call-gender-female = Female
call-gender-male = Male
call-gender-gender_x = Gender X

call-disability-idea = IDEA (IEP)
call-disability-section_504_only = Section 504 only
call-disability-neither = Neither

call-offense-bullying = Bullying
call-offense-tobacco = Tobacco
call-offense-alcohol = Alcohol
call-offense-illicit_drug = Illicit drug
call-offense-fighting = Fighting without major injury
call-offense-violence = Violence without major injury
call-offense-violence_major_injury = Violence with major injury
call-offense-weapon = Possession of a weapon
call-offense-other = Other
