"""Callbacks of the outside links. No session and no CSRF token: each request is authenticated by the signature
its sender's published contract defines, checked before anything is read from it; answers carry no personal
data and nothing of the request is logged but ids and outcomes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .payment import services as payment_services
from .post import webhook as post_webhook
from .zalo import webhook as zalo_webhook


@csrf_exempt
@require_GET
def payment_ipn(request: HttpRequest) -> JsonResponse:
    """The payment platform's IPN (GET with the signed `vnp_*` fields); answered `{"RspCode", "Message"}`."""
    return JsonResponse(payment_services.payment_ipn({key: request.GET[key] for key in request.GET}))


@csrf_exempt
@require_POST
def zalo_event(request: HttpRequest) -> HttpResponse:
    """Zalo OA webhook events; a bad signature answers 401, anything else 200 (Zalo retries non-2xx)."""
    status = zalo_webhook.zalo_event_receive(body=request.body, signature=request.headers.get("X-ZEvent-Signature", ""))
    return HttpResponse(status=status)


@csrf_exempt
@require_POST
def post_event(request: HttpRequest) -> HttpResponse:
    """VNPost shipment status events (`post.webhook`: HMAC-SHA256 of the body in X-VNPost-Signature)."""
    status = post_webhook.post_event_receive(body=request.body, signature=request.headers.get("X-VNPost-Signature", ""))
    return HttpResponse(status=status)
