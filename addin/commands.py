"""``backoffice addin``: build and configure the spreadsheet add-ins."""

from __future__ import annotations

import click

from backoffice.locales import LANGUAGES


@click.group(name="addin")
def addin() -> None:
    """Spreadsheet add-ins: the Back office menu in LibreOffice Calc, the buttons in Excel."""


@addin.command(name="libreoffice")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=".",
              show_default=True, help="Folder to write backoffice.oxt into.")
@click.option("--configure", is_flag=True,
              help="Record this backoffice for the extension (per-user file, mode 0600) "
                   "instead of building it.")
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of messages (default: the environment's).")
def libreoffice(out_dir: str, configure: bool, lang: str | None) -> None:
    """Build backoffice.oxt (install it with Tools > Extension Manager), or --configure."""
    from backoffice.addin import config

    from backoffice.locales import resolve_language

    lang = resolve_language(lang, None)  # no book here: --lang, else the environment's
    if configure:
        path = config.configure()
        python = (config.read(config.ADDIN_FILE) or {}).get("python")
        click.echo(f"Dikonfigurasi: menu Kantor belakang LibreOffice menjalankan {python} ({path})."
                   if lang == "id" else
                   f"Configured: LibreOffice's Back office menu runs {python} ({path}).")
        return
    from backoffice.addin.libreoffice.build import build

    target = build(out_dir)
    click.echo(f"Ditulis {target}: pasang di LibreOffice (Alat > Pengelola Ekstensi > Tambah), "
               "lalu jalankan `backoffice addin libreoffice --configure` sekali."
               if lang == "id" else
               f"Wrote {target}: install it in LibreOffice (Tools > Extension Manager > Add), "
               "then run `backoffice addin libreoffice --configure` once.")
