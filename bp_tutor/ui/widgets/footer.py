"""The footer: Textual's, rebuilt only when what it shows has changed, and never wider than the
screen.

Textual's footer lays its keys out in one row and lets the command-palette key, docked at the
right, cover whatever does not fit, so at 80 columns a label could be cut in half ("q Qu▏"). Here
the keys that do not fit are left out whole, the least needed first: the app-wide keys, which the
help screen (`?`) lists anyway, before the keys of the screen itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

# Binding ids of app-wide keys, in the order they give way when the footer is too narrow. `?`
# goes last of them: it opens the help screen, which lists every key that was left out.
DROP_FIRST: tuple[str, ...] = ("theme", "palette", "quit", "language", "help")

# (binding, enabled, tooltip) of every binding bound to one action, as Textual's footer groups them.
_Keys = list[tuple[Binding, bool, str]]


class TutorFooter(Footer):
    """Every focus change publishes "bindings updated", and the stock footer then rebuilds all
    of its keys, even when they are the same (six rebuilds while the home screen starts). Here
    the keys are compared first. That makes start-up and key presses cheaper, which counts most
    when one machine serves a whole class.
    """

    _shown: tuple[Any, ...] | None = None
    _composed_width: int | None = None
    _composed_plan: tuple[tuple[str, ...], bool] | None = None

    def _signature(self, screen: Screen[Any]) -> tuple[Any, ...]:
        """What the footer would draw: only the keys it shows (and the palette key) count, so a
        focus change that adds hidden keys (a list's arrows) rebuilds nothing."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._bindings_ready and screen.app.app_focus and screen is self.screen:
            signature = self._signature(screen)
            if signature == self._shown:
                return
            self._shown = signature
        elif screen.app.app_focus and screen is self.screen:
            self._shown = self._signature(screen)
        super().bindings_changed(screen)

    def on_resize(self, event: events.Resize) -> None:
        # Which keys fit depends on the width, so a resize may let one back in or push one out;
        # most resizes (a session's first sizes, a wider window) change nothing, and rebuilding
        # every key for nothing is a cost each student's process pays.
        width = event.size.width
        if not self._bindings_ready or width == self._composed_width:
            return
        if self._plan(width) != self._composed_plan:
            self.call_after_refresh(self.recompose)
        else:
            self._composed_width = width

    # -- layout --------------------------------------------------------------------------------

    def _key_width(self, binding: Binding, description: str) -> int:
        """Cells one key takes: " key " (key padding) and "description " (description padding)."""
        shown = cell_len(self.app.get_key_display(binding))
        return shown + 3 + cell_len(description) if description else shown

    def _group_width(self, group: list[_Keys]) -> int:
        """A binding group: its keys without descriptions (margins 0 1), then the group's label."""
        width = sum(self._key_width(keys[0][0], "") + 2 for keys in group)
        label = group[0][0][0].group
        return width + (cell_len(label.description) + 1 if label is not None else 0)

    def _units(self, by_action: dict[str, _Keys]) -> list[list[_Keys]]:
        """The footer's items in order: a binding group of several actions, or one action."""
        units: list[list[_Keys]] = []
        for group, members in groupby(by_action.values(), lambda keys: keys[0][0].group):
            actions = list(members)
            if group is not None and len(actions) > 1:
                units.append(actions)
            else:
                units.extend([keys] for keys in actions)
        return units

    def _unit_width(self, unit: list[_Keys]) -> int:
        if len(unit) > 1:
            return self._group_width(unit)
        binding = unit[0][0][0]
        return self._key_width(binding, binding.description)

    def _fitting(self, units: list[list[_Keys]], palette: Binding | None, width: int) -> tuple[
        list[list[_Keys]], Binding | None
    ]:
        """Leave out whole keys, least needed first, until the rest fits in `width` cells; then
        take back any app-wide key left out that still fits (a short one after a long one)."""
        # Item i is units[i]; the palette key, docked at the right, is item len(units).
        items: list[tuple[str, int]] = [
            (unit[0][0][0].id or "" if len(unit) == 1 else "", self._unit_width(unit)) for unit in units
        ]
        if palette is not None:
            items.append((palette.id or "", self._key_width(palette, palette.description)))
        kept = set(range(len(items)))

        def used() -> int:
            return sum(items[i][1] for i in kept)

        dropped: list[int] = []
        for binding_id in DROP_FIRST:
            if used() <= width:
                break
            for i in sorted(kept):
                if items[i][0] == binding_id:
                    kept.discard(i)
                    dropped.append(i)
        for i in reversed(dropped):
            if used() + items[i][1] <= width:
                kept.add(i)
        # Still too wide (a very narrow terminal): the screen's own keys go, from the last one.
        for i in sorted(kept, reverse=True):
            if used() <= width:
                break
            kept.discard(i)
        shown = [unit for i, unit in enumerate(units) if i in kept]
        return shown, palette if palette is not None and len(units) in kept else None

    def _keys(self) -> tuple[list[list[_Keys]], tuple[Binding, bool, str] | None]:
        """The footer's items and the palette key (if shown), before fitting them to a width."""
        active_bindings = self.screen.active_bindings
        by_action: defaultdict[str, _Keys] = defaultdict(list)
        for _node, binding, enabled, tooltip in active_bindings.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        palette: tuple[Binding, bool, str] | None = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            active = active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if active is not None:
                palette = (active.binding, active.enabled, active.tooltip)
        return self._units(by_action), palette

    def _plan(self, width: int) -> tuple[tuple[str, ...], bool]:
        """What `width` cells show: the actions of the items kept, and whether the palette is."""
        units, palette = self._keys()
        shown, palette_binding = self._fitting(units, palette[0] if palette else None, width)
        return tuple(unit[0][0][0].action for unit in shown), palette_binding is not None

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        all_units, palette = self._keys()
        self._composed_width = self.size.width or self.app.size.width
        units, palette_binding = self._fitting(
            all_units, palette[0] if palette else None, self._composed_width
        )
        self._composed_plan = (tuple(unit[0][0][0].action for unit in units),
                               palette_binding is not None)
        self.styles.grid_size_columns = len(units)
        for unit in units:
            yield from self._compose_unit(unit)
        if palette is not None and palette_binding is not None:
            binding, enabled, _tooltip = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def _styled(self, key: FooterKey) -> FooterKey:
        """The key in the footer's own style. Set before mounting, instead of Textual's data
        binding to `compact`: this footer's style never changes, and the binding restyles every
        key once more as it mounts, a fifth of a classroom session's first frame."""
        key.set_reactive(FooterKey.compact, self.compact)
        return key

    def _compose_unit(self, unit: list[_Keys]) -> Iterator[Widget]:
        """One item, drawn exactly as Textual's footer draws it."""
        if len(unit) > 1:
            group = unit[0][0][0].group
            assert group is not None  # _units makes a multi-action item only from a group
            with KeyGroup(classes="-compact" if group.compact else ""):
                for keys in unit:
                    binding, enabled, tooltip = keys[0]
                    yield self._styled(FooterKey(
                        binding.key,
                        self.app.get_key_display(binding),
                        "",
                        binding.action,
                        disabled=not enabled,
                        tooltip=tooltip or binding.description,
                        classes="-grouped",
                    ))
            yield FooterLabel(group.description)
            return
        binding, enabled, tooltip = unit[0][0]
        yield self._styled(FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            disabled=not enabled,
            tooltip=tooltip,
        ))
