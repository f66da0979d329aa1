"""Retention's services: the policy (`policy`), extensions (`extending`), destruction lists (`proposing`), the
privacy officer's review (`reviewing`) and the destruction run (`destroying`)."""
