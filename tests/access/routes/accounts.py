from .expect import auth_page

ROUTES = {
    "accounts:login": (None, auth_page(anonymous=200, password_only=200, verified=302)),  # already in: onwards
    "accounts:verify": (None, auth_page(anonymous=302, password_only=302, verified=302)),
    "accounts:enrol": (None, auth_page(anonymous=302, password_only=200, verified=302)),
    "accounts:logout": (None, auth_page(anonymous=302, password_only=302, verified=302, methods=("post",))),
    # Sets the language cookie and goes back to the page: open to everyone, POST only.
    "accounts:language": (None, auth_page(anonymous=302, password_only=302, verified=302, methods=("post",))),
}
