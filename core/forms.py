"""Form helpers every app's views use."""


def add_service_errors(form, error):
    """Put a service's ValidationError on a form: on the field it names, else on the form.

    Every app's views use this, so a rule enforced in a service reads like form validation.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
