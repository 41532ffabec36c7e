"""Form helpers every app's views use."""

# The largest values PostgreSQL's integer and bigint columns hold. A plain form's IntegerField
# for such a column says so (max_value): past it, the service's save would fail with a 500 rather
# than the form answering with an error. (A ModelForm's fields get this from the model.)
INTEGER_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1


def add_service_errors(form, error):
    """Put a service's ValidationError on a form: on the field it names, else on the form.

    Every app's views use this, so a rule enforced in a service reads like form validation.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
