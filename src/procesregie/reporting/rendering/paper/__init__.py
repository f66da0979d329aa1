"""The annual report on paper: its PDF laid out by ReportLab from the same context the web page's templates render
(docs/decisions/0025). `annual.annual_story` is the document; the other modules are its parts."""
