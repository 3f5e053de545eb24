from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from motcua.api.api import api as api_v1

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api_v1.urls),
    path("lien-ket/", include("motcua.integrations.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("motcua.core.urls")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("thu-tuc/", include("motcua.portal.urls")),
    path("tra-cuu/", include("motcua.portal.urls_track")),
    path("ca-nhan/", include("motcua.portal.urls_citizen")),
    path("danh-gia/", include("motcua.portal.urls_rating")),
    path("phan-anh/", include("motcua.portal.urls_feedback")),
    path("thong-ke/", include("motcua.portal.urls_stats")),
    path("thu-nghiem/", include("motcua.portal.urls_demo")),
    path("xac-thuc/", include("motcua.esign.urls")),
    path("sso/", include("motcua.sso.urls")),
    path("can-bo/", include("motcua.console.urls")),
    path("cai-cach/", include("motcua.scorecard.urls")),
    path("ke-hoach-cchc/", include("motcua.reform.urls")),
    path("xep-hang/", include("motcua.counter.urls")),
    path("chung-thuc/", include("motcua.certify.urls")),
    path("lien-thong/", include("motcua.bundles.urls")),
    path("ra-soat-tthc/", include("motcua.simplify.urls")),
    path("danh-gia-can-bo/", include("motcua.appraisal.urls")),
    path("luu-dong/", include("motcua.outreach.urls")),
    path("cam-ket/", include("motcua.catalog.urls")),
    path("bao-cao/", include("motcua.reports.urls")),
    path("quan-tri/", admin.site.urls),
    prefix_default_language=False,
)

# A database error raised by a middleware after the view → the 503 page, not a 500 (motcua.security.middleware).
handler500 = "motcua.security.middleware.server_error"
