"""What every form of the application does for keyboard users."""


class OpensWithFocus:
    """Form mixin: a form that opens (unbound) puts the cursor in its first visible field.

    `autofocus` also works when htmx swaps the form into a page (htmx focuses `[autofocus]` in new content), so
    after "Doel toevoegen" or "Bespreking vastleggen" a keyboard user types on in the form instead of starting
    again at the top of the page. A form that comes back with errors focuses its error summary instead (the
    templates mark that one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            first = next((field for field in self.fields.values() if not field.widget.is_hidden), None)
            if first is not None:
                first.widget.attrs["autofocus"] = True
