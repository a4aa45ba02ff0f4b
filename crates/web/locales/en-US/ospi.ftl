## The yearly packet for OSPI (R9)

ospi-nav = Packet for OSPI
ospi-title = Yearly packet for OSPI
ospi-lead = Everything the district sends OSPI for a school year: the roster of safety and security staff, the incident file, the complaint counts and the adopted agreements, in the layout OSPI asks for. The packet holds student-level rows: keep it to those who need it.
ospi-year = School year
ospi-show = Show
ospi-figures = The packet in figures
ospi-staff = Staff placed in schools
ospi-schools = Schools with staff placed
ospi-incident-calls = Calls in the incident file
ospi-incident-students = Student lines in the incident file
ospi-agreements-adopted = Adopted agreements
ospi-missing-agreements = These employers have staff placed this school year but no adopted agreement for it:
ospi-files = Files in the packet
ospi-files-caption = Each file of the packet, in the district's layout
ospi-file = File
ospi-part = What it lists
ospi-rows = Lines
ospi-columns = Columns
ospi-part-roster = Roster: each person and school
ospi-part-incidents = Incident file (R7): each student of each reportable call
ospi-part-complaints = Complaints about job duties and student interactions
ospi-part-agreements = Adopted agreements
ospi-agreement-text = Text of the agreement
ospi-download = Download the packet (.zip)
ospi-change-layout = Change the layout
ospi-see-layout = See the layout
ospi-audit-note = Each download is written to the audit trail, as opening each call of the incident file would be.

ospi-layout-title = Layout of the packet for OSPI
ospi-layout-lead = OSPI sets the format and may change it. Here the district says which files the packet holds, which columns each has, in which order and under which headings. See docs/ospi-packet.md for the full description.
ospi-layout-field = Layout (TOML)
ospi-layout-hint = Each [[file]] names its part (roster, incidents, complaints or agreements), its file name ending in .csv, and its columns as {"{"} field = "…", header = "…" {"}"}.
ospi-layout-save = Save the layout
ospi-layout-saved = The layout is saved. The next packet uses it.
ospi-layout-refused = The layout was not saved:
ospi-layout-fields = Fields of each part
ospi-layout-syntax = Line { $line }: { $detail }
ospi-layout-no-files = The layout names no file.
ospi-layout-unknown-part = { $file }: there is no part called “{ $part }”.
ospi-layout-unknown-field = { $file }: its part has no field called “{ $field }”.
ospi-layout-bad-name = { $file }: a file name may hold only letters, digits, -, _ and ., and must end in .csv.
ospi-layout-repeated-name = { $file }: two files have this name.
ospi-layout-no-columns = { $file }: the file has no columns.
