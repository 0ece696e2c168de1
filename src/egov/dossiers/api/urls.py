from django.urls import path

from . import views

urlpatterns = [
    path("dossiers/", views.DossierCollectionApi.as_view(), name="dossier-list"),
    path("dossiers/<int:pk>/", views.DossierDetailApi.as_view(), name="dossier-detail"),
    path("dossiers/<int:pk>/status/", views.DossierStatusApi.as_view(), name="dossier-status"),
    path("dossiers/<int:pk>/dvcqg/", views.DossierNationalPortalApi.as_view(), name="dossier-dvcqg"),
    path("dossiers/<int:pk>/transitions/", views.AllowedTransitionsApi.as_view(), name="dossier-transition-list"),
    # One route per action, so that each has its own input in the schema; then a catch-all that
    # answers an unknown action in the API's error shape, and names the pattern for reverse().
    *[
        path(f"dossiers/<int:pk>/transitions/{action}/", view.as_view(), name=f"dossier-transition-{action}")
        for action, view in views.TRANSITION_VIEWS.items()
    ],
    path(
        "dossiers/<int:pk>/transitions/<str:action>/",
        views.UnknownTransitionApi.as_view(),
        name="dossier-transition",
    ),
    path("dossiers/<int:pk>/attachments/", views.AttachmentCollectionApi.as_view(), name="dossier-attachment-list"),
    path(
        "dossiers/<int:pk>/attachments/<int:attachment_id>/download/",
        views.AttachmentDownloadApi.as_view(),
        name="dossier-attachment-download",
    ),
]
