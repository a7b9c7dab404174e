"""Why the server says no: an HTTP status, a stable code and a message in en and id.

Every refusal has the same JSON shape (:meth:`Refusal.body`), pinned by the tests, so the
menu in the sheet and a script read it one way: ``{"error": code, "message": {"en", "id"}}``.
"""

from __future__ import annotations

from typing import Any

from backoffice.catalogue import Localized


class Refusal(Exception):
    """A request the server will not carry out."""

    def __init__(self, status: int, code: str, en: str, id_: str,
                 retry_after: int | None = None) -> None:
        super().__init__(en)
        self.status, self.code, self.message = status, code, Localized(en, id_)
        #: seconds for the Retry-After header, when trying again later will do
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        """The JSON answer."""
        return {"error": self.code, "message": {"en": self.message.en, "id": self.message.id}}


def no_credentials() -> Refusal:
    return Refusal(401, "no-credentials",
                   "Sign-in is missing: the request carries no identity token or API token.",
                   "Belum masuk: permintaan tidak membawa token identitas atau token API.")


def bad_credentials() -> Refusal:
    return Refusal(401, "bad-credentials",
                   "Sign-in was refused: the token is wrong, expired or revoked.",
                   "Masuk ditolak: token salah, kedaluwarsa, atau sudah dicabut.")


def keys_unavailable(seconds: int = 30) -> Refusal:
    """Google's public keys cannot be fetched: the sign-in cannot be checked right now."""
    return Refusal(503, "sign-in-check-unavailable",
                   "The sign-in check is temporarily unavailable: the server cannot reach Google to "
                   "verify your sign-in. Your sign-in was not refused; try again in a minute.",
                   "Pemeriksaan masuk sementara tidak tersedia: server tidak dapat menghubungi Google "
                   "untuk memverifikasi proses masuk Anda. Proses masuk Anda tidak ditolak; coba lagi "
                   "semenit lagi.", retry_after=seconds)


def not_allowed(email: str, book: str) -> Refusal:
    return Refusal(403, "not-allowed",
                   f"{email} is not on the allow-list of {book}: ask the company's admin to add you.",
                   f"{email} tidak ada di daftar izin {book}: minta admin perusahaan menambahkan Anda.")


def other_company(book: str) -> Refusal:
    return Refusal(403, "other-company",
                   f"{book} belongs to another company than this token's.",
                   f"{book} milik perusahaan lain, bukan perusahaan token ini.")


def unknown_book(book: str) -> Refusal:
    return Refusal(404, "unknown-book",
                   f"The server cannot reach the book {book}: check its address.",
                   f"Server tidak dapat menjangkau buku {book}: periksa alamatnya.")


def unsupported_address(book: str, scheme: str) -> Refusal:
    return Refusal(404, "unsupported-address",
                   f"This server cannot open {scheme}: books yet ({book}).",
                   f"Server ini belum dapat membuka buku {scheme}: ({book}).")


def unknown_job(job: str, keep: float) -> Refusal:
    """No such job of the caller's: never started by them, or finished more than ``keep``
    seconds ago and removed."""
    en, id_ = (f"{round(keep / 60)} min", f"{round(keep / 60)} menit") if keep >= 60 else \
        (f"{round(keep)} s", f"{round(keep)} detik")
    return Refusal(404, "unknown-job",
                   f"There is no job {job} of yours: a finished job is kept {en}, then removed. "
                   f"Run the action again to see its result.",
                   f"Tidak ada pekerjaan {job} milik Anda: pekerjaan yang selesai disimpan {id_}, "
                   f"lalu dihapus. Jalankan tindakannya lagi untuk melihat hasilnya.")


def too_large(limit: int) -> Refusal:
    return Refusal(413, "too-large", f"The request is larger than {limit:,} bytes.",
                   f"Permintaan lebih besar dari {limit:,} bita.".replace(",", "."))


def too_many(seconds: int) -> Refusal:
    return Refusal(429, "too-many", f"Too many requests: try again in {seconds} s.",
                   f"Terlalu banyak permintaan: coba lagi dalam {seconds} detik.")


def busy(book: str) -> Refusal:
    return Refusal(409, "book-busy",
                   f"Another action is still writing {book}: try again in a minute.",
                   f"Tindakan lain masih menulis {book}: coba lagi sebentar lagi.")
