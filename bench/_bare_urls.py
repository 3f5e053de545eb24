"""The bench's baseline view beside the project's URLs (served by `bench/_bare_wsgi.py`, never by the project):
`POST /bench/bare-insert` inserts one row through the ORM in its own transaction and answers 201 — what one
durable write costs through the same Django, middleware, gunicorn and database as the intake, and nothing else."""

import uuid

from django.db import transaction
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as project
from motcua.integrations.models import ApiClient, IdempotencyRecord

_client: list[int] = []


@csrf_exempt
def bare_insert(request):
    if not _client:
        _client.append(ApiClient.objects.values_list("pk", flat=True).first())
    with transaction.atomic():
        IdempotencyRecord.objects.create(client_id=_client[0], key=uuid.uuid4().hex, request_hash="0" * 64)
    return JsonResponse({"ok": True}, status=201)


urlpatterns = [path("bench/bare-insert", bare_insert), *project]
