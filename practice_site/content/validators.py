from django.core.exceptions import ValidationError


def validate_npi(value: str) -> None:
    """A US National Provider Identifier: 10 digits whose last is a Luhn check digit.

    The check is computed over the digits prefixed with 80840 (CMS's NPI standard).
    """
    if len(value) != 10 or not value.isdigit():
        raise ValidationError("An NPI is exactly 10 digits.")
    digits = [int(d) for d in "80840" + value[:-1]]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    check = (10 - total % 10) % 10
    if check != int(value[-1]):
        raise ValidationError("This NPI's check digit is wrong; please copy it again.")
