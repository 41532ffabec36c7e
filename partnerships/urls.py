from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    # Public transparency
    path("", views.public_list, name="list"),
    path("unduh.<str:fmt>", views.public_export, name="public_export"),
    # Staff
    path("kelola/", views.manage_list, name="manage"),
    path("kelola/baru/", views.create, name="create"),
    path("kelola/<str:reference>/", views.detail, name="detail"),
    path("kelola/<str:reference>/ubah/", views.edit, name="edit"),
    path("kelola/<str:reference>/hapus/", views.delete_draft, name="delete_draft"),
    path("kelola/<str:reference>/status/<str:to_status>/", views.move, name="move"),
    path("kelola/<str:reference>/dokumen/unggah/", views.document_upload, name="document_upload"),
    path("kelola/<str:reference>/tonggak/tambah/", views.milestone_add, name="milestone_add"),
    path(
        "kelola/<str:reference>/tonggak/<int:pk>/selesai/",
        views.milestone_done,
        name="milestone_done",
    ),
    path(
        "kelola/<str:reference>/pembiayaan/tambah/", views.contribution_add, name="contribution_add"
    ),
    path(
        "kelola/<str:reference>/tonggak/<int:pk>/mulai/",
        views.milestone_start,
        name="milestone_start",
    ),
    path(
        "kelola/<str:reference>/pembiayaan/<int:pk>/ubah/",
        views.contribution_edit,
        name="contribution_edit",
    ),
    path("kelola/<str:reference>/monev/kirim/", views.monev_submit, name="monev_submit"),
    path("kelola/<str:reference>/monev/<int:pk>/tinjau/", views.monev_review, name="monev_review"),
    path("kelola/<str:reference>/diskusi/", views.comment_add, name="comment_add"),
    path(
        "kelola/<str:reference>/pengakhiran/", views.termination_request, name="termination_request"
    ),
    path("kelola/<str:reference>/perpanjangan/", views.renew, name="renew"),
    path("dokumen/<str:reference>/<str:token>/", views.document_download, name="document_download"),
    path("<str:reference>/", views.public_detail, name="public_detail"),
]
