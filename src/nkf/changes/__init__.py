"""The amendment algebra (Änderungsalgebra): pure functions over plans and amendments.

- :func:`~nkf.changes.apply.apply` / :func:`~nkf.changes.apply.try_apply`: a plan with
  amendments applied, all or nothing per amendment;
- :func:`~nkf.changes.invert.invert`: the amendment that undoes another;
- :func:`~nkf.changes.diff.diff`: the change set between two plan versions;
- :func:`~nkf.changes.compose.compose` and :func:`~nkf.changes.conflicts.conflicts`;
- :func:`~nkf.changes.effects.effects` and :func:`~nkf.changes.changelist.change_list`
  (Veränderungsliste);
- :func:`~nkf.changes.recompute.recompute`: sums, balances and statute totals anew.
"""
