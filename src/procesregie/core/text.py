"""Free text from users: stored as plain text, never as markup.

`clean_text` removes every HTML tag and comment (nh3, the Ammonia sanitiser) and keeps the text itself,
so `a < b` stays `a < b`, `<b>vet</b>` becomes `vet` and a `<script>` element disappears. Templates escape on output
as usual; the two together mean free text can never execute.
"""

import html

import nh3


def clean_text(value: str | None, *, max_length: int | None = None) -> str:
    text = html.unescape(nh3.clean(value or "", tags=set(), strip_comments=True)).strip()
    return text[:max_length] if max_length else text
