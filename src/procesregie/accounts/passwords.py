"""Password validators that Django ships, with messages in Dutch.

Django 5.2.19 changed the msgid of MinimumLengthValidator's error ("... at least %d characters."); its Dutch
catalogue still translates the old one, so the message came out in English. This one says it in Dutch (our own
msgid, English in the project's catalogue).
"""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort: het moet minstens %(min_length)d teken lang zijn.",
            "Dit wachtwoord is te kort: het moet minstens %(min_length)d tekens lang zijn.",
            self.min_length,
        ) % {"min_length": self.min_length}
