"""The officer's payment form does not offer "online": only the payment platform's verified IPN records it."""

from motcua.console.forms import PaymentForm
from motcua.dossiers.choices import PaymentMethod


def test_the_officer_form_offers_counter_methods_only():
    offered = dict(PaymentForm().fields["method"].choices)
    assert PaymentMethod.ONLINE not in offered
    assert {PaymentMethod.CASH, PaymentMethod.TRANSFER, PaymentMethod.POSTAL} <= set(offered)
    form = PaymentForm(data={"method": PaymentMethod.ONLINE})
    assert not form.is_valid() and "method" in form.errors
