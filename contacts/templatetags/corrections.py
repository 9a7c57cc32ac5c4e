"""``{% load corrections %}``: ``record|correctable_by:user`` asks
``contacts.services.corrections.may_correct`` (the one rule) whether to
offer the correction link. No query."""

from django import template

from contacts.services.corrections import may_correct

register = template.Library()


@register.filter
def correctable_by(record, user):
    return may_correct(user, record)
