"""Form helpers shared by every app."""


def add_service_errors(form, error, *, fields=None):
    """Put a service's ValidationError beside the field it is about.

    ``fields`` renames the service's (model's) field names to the form's;
    a name the form does not have, or one renamed to None, goes on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    fields = fields or {}
    for name, errors in error.error_dict.items():
        target = fields.get(name, name)
        form.add_error(target if target in form.fields else None, errors)
