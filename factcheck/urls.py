from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from factcheck import views
from factcheck.api import api

app_patterns = [
    path("", views.pair_list, name="pair-list"),
    path("pairs/<int:pk>/", views.pair_detail, name="pair-detail"),
    path("pairs/<int:pk>/review/", views.review_create, name="review-create"),
    path("review/", views.review_queue, name="review-queue"),
    path("statements/<int:pk>/", views.statement_detail, name="statement-detail"),
    path("statements/<int:pk>/flag/", views.flag_create, name="flag-create"),
    path("same-words/", views.same_words_list, name="same-words-list"),
    path("statements/", views.statement_list, name="statement-list"),
    path("sources/", views.source_list, name="source-list"),
    path("documents/", views.document_list, name="document-list"),
    path("sources/<int:pk>/", views.source_detail, name="source-detail"),
    path("sources/<int:pk>/merge/", views.source_merge, name="source-merge"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("propositions/", views.proposition_list, name="proposition-list"),
    path("propositions/new/", views.proposition_create, name="proposition-create"),
    path("propositions/<int:pk>/", views.proposition_detail, name="proposition-detail"),
    path("propositions/<int:pk>/rename/", views.proposition_rename, name="proposition-rename"),
    path("propositions/<int:pk>/move/", views.proposition_move, name="proposition-move"),
    path("propositions/<int:pk>/add/", views.proposition_add, name="proposition-add"),
    path("propositions/<int:pk>/stance/", views.proposition_stance, name="proposition-stance"),
    path("propositions/<int:pk>/merge/", views.proposition_merge, name="proposition-merge"),
    path("propositions/<int:pk>/split/", views.proposition_split, name="proposition-split"),
]

urlpatterns = [
    path("", include((app_patterns, "factcheck"))),
    path("accounts/login/", views.ThrottledLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("favicon.ico", views.favicon),
]
