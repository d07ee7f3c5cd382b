"""Reports: what each notebook shows (``voting``, ``trade``, ``events``, ``dyad``), the Altair
``charts``, the papermill runner for one pair (``run``) and for many (``batch``)."""
