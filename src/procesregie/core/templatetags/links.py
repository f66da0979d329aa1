"""Django's `{% url %}` tag, with each path kept (`core.paths.path_to`): the same output, without walking the URLconf
again for every link. A link with other arguments than numbers and text goes to Django's tag as before; otherwise the
tag behaves as Django's, `{% url ... as name %}` included (a name that names nothing sets the variable to "").

Registered in config/settings.py as a template builtin after Django's own, so it is the `url` of every template.
"""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from procesregie.core.paths import path_to

register = template.Library()


def _current_app(context) -> str | None:
    """As Django's tag finds it: the request's current app, else the namespace of the view it reached."""
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


class KeptURLNode(URLNode):
    def render(self, context):
        view_name = self.view_name.resolve(context)
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {key: value.resolve(context) for key, value in self.kwargs.items()}
        if not isinstance(view_name, str) or not all(isinstance(value, (int, str)) for value in (*args, *kwargs.values())):
            return super().render(context)
        try:
            path = path_to(view_name, args, kwargs, _current_app(context))
        except NoReverseMatch:
            if self.asvar is None:
                raise
            path = ""
        if self.asvar:
            context[self.asvar] = path
            return ""
        return conditional_escape(path) if context.autoescape else path


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
