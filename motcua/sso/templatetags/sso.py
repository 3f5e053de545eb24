from django import template

from ..conf import providers

register = template.Library()


@register.inclusion_tag("sso/buttons.html", takes_context=True)
def sso_buttons(context):
    request = context.get("request")
    return {"providers": list(providers().values()), "next": request.GET.get("next", "") if request else ""}
