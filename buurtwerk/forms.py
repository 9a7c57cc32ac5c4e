"""Form helpers shared by every app."""


def add_service_errors(form, error):
    """Put a service's ValidationError beside the field it is about: the one
    way every view shows a service's refusal on a form.

    The form's optional class attribute ``service_fields`` renames the
    service's (model's) field names to the form's, ``{service_field:
    form_field}``; a name the form does not have, or one renamed to None,
    goes on top (a non-field error), as does an error without fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    renames = getattr(form, "service_fields", {})
    for name, errors in error.error_dict.items():
        target = renames.get(name, name)
        form.add_error(target if target in form.fields else None, errors)
