"""The settings' name of the throttled password backend (`AUTHENTICATION_BACKENDS`), kept so that sessions
opened before the code moved to `motcua.accounts.throttle` stay valid (Django stores the backend's dotted path
in each session). The rule and its docs are in `motcua/accounts/throttle.py`."""

from motcua.accounts.throttle import ThrottledAuthenticationForm, ThrottledModelBackend

__all__ = ["ThrottledAuthenticationForm", "ThrottledModelBackend"]
