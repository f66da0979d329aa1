from .expect import auth_page, gated, only

ADMIN = {"functional_admin"}
UNKNOWN_TOKEN = "A" * 43

ROUTES = {
    "accounts:login": (None, auth_page(anonymous=200, password_only=200, verified=302)),  # already in: onwards
    "accounts:verify": (None, auth_page(anonymous=302, password_only=302, verified=302)),
    "accounts:enrol": (None, auth_page(anonymous=302, password_only=200, verified=302)),
    "accounts:logout": (None, auth_page(anonymous=302, password_only=302, verified=302, methods=("post",))),
    # Sets the language cookie and goes back to the page: open to everyone, POST only.
    "accounts:language": (None, auth_page(anonymous=302, password_only=302, verified=302, methods=("post",))),
    # The functional administrator's staff accounts and invitations (access.accounts); 404 for everyone else.
    "invitations:account-list": (None, gated(get=only(ADMIN))),
    # POST without an address: the form again with its error (200), nothing sent.
    "invitations:invite": (lambda world: {"pk": world.users["regisseur"].pk}, gated(get=only(ADMIN), post=only(ADMIN))),
    # The invitation link and its steps are open without a login; without a link that works: the same 404 page.
    "invitations:open": (lambda world: {"token": UNKNOWN_TOKEN}, auth_page(
        anonymous=404, password_only=404, verified=404, methods=("get",))),
    "invitations:password": (None, auth_page(anonymous=404, password_only=404, verified=404)),
    "invitations:enrol": (None, auth_page(anonymous=404, password_only=404, verified=404)),
}
