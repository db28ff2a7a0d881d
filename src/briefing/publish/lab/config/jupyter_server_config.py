"""The project's JupyterLab settings, loaded because ``make lab`` puts this folder on ``JUPYTER_CONFIG_PATH``.

A chapter opens with the prose of the last build and its setup cells collapsed (briefing.publish.lab.contents)
and is saved as it is committed (briefing.publish.lab.saving), so that reading a chapter changes no file.
Kernels end: a notebook's kernel shuts down when its tab closes (settings/overrides.json) and
one left without a tab (a closed browser) is culled after ten idle minutes. Only the project's
kernel is offered (``python -m briefing.publish.lab`` names it, from the chapters). The briefing's extension (values on a Markdown cell's first run) is found in
labextensions/.
"""

from pathlib import Path

c = get_config()  # noqa: F821 (defined by the config loader)
LAB = Path(__file__).resolve().parents[1]

c.LabApp.extra_labextensions_path = [str(LAB / "labextensions")]
c.LabApp.app_settings_dir = str(LAB / "settings")

c.KernelSpecManager.ensure_native_kernel = False

c.MappingKernelManager.cull_idle_timeout = 600
c.MappingKernelManager.cull_interval = 60
c.MappingKernelManager.cull_connected = False
c.MappingKernelManager.cull_busy = False

c.ServerApp.contents_manager_class = "briefing.publish.lab.contents.ChapterContents"
c.ContentsManager.pre_save_hook = "briefing.publish.lab.saving.strip_run"
