def phone_href(number: str, scheme: str = "tel") -> str:
    """A phone number as a tel: or sms: link target, for example tel:+12025550143."""
    digits = "".join(ch for ch in number if ch.isdigit())
    if not digits:
        return ""
    if len(digits) == 10:  # A US number written without the country code.
        digits = "1" + digits
    return f"{scheme}:+{digits}"
