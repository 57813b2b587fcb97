"""OpenAPI schemas for StreamField blocks, derived from the block definitions.

A StreamField leaves the API as ``[{"type", "value", "id"}]``. Its schema is
an array whose items are one of a component per block type, discriminated on
``type``; each item's ``value`` is described from the block itself: a struct
block's children, a list block's child, a choice block's choices, a field
block's value type. Adding a block to a StreamBlock therefore adds it to the
schema with no schema written by hand.

A block whose ``get_api_representation`` changes the shape (adds a key, say)
declares it with a ``get_api_schema(self, schema)`` method, which receives
the derived schema and returns the one to publish. A block of a kind this
module does not know (a custom ``FieldBlock``) must do the same: it is
described as "any value" and schema generation warns about it, which
``manage.py spectacular --fail-on-warn`` (CI) turns into an error.
"""

import re

from drf_spectacular.drainage import warn
from drf_spectacular.plumbing import ComponentIdentity, ResolvedComponent
from wagtail import blocks
from wagtail.blocks.field_block import BaseChoiceBlock

#: Field blocks whose value leaves the API as a JSON string, with its format.
STRING_BLOCKS = (
    (blocks.RichTextBlock, None),
    (blocks.URLBlock, "uri"),
    (blocks.EmailBlock, "email"),
    (blocks.DateTimeBlock, "date-time"),
    (blocks.DateBlock, "date"),
    (blocks.TimeBlock, "time"),
    (blocks.CharBlock, None),
    (blocks.TextBlock, None),
    (blocks.RegexBlock, None),
    (blocks.RawHTMLBlock, None),
)


def camel(name):
    """``"faq"`` -> ``"Faq"``, ``"call_to_action"`` -> ``"CallToAction"``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\-\s]+", name) if part)


def component_name(block):
    """The component name of a block class: ``SectionBlock`` -> ``SectionBlock``."""
    return type(block).__name__


class BlockSchemas:
    """Builds block schemas, registering one component per named block class.

    ``registry`` is drf-spectacular's component registry for the schema being
    generated; struct and stream blocks defined as classes become components
    (``SectionBlock``; ``ExplainerBodyBlockSection`` for a stream's item), so
    generated clients get a type per block.
    """

    def __init__(self, registry):
        self.registry = registry

    def schema(self, block):
        if isinstance(block, blocks.StreamBlock):
            return self.described(block, self.stream(block))
        if isinstance(block, blocks.StructBlock):
            return self.named(block, lambda: self.described(block, self.struct(block)))
        if isinstance(block, blocks.ListBlock):
            return self.described(block, {"type": "array", "items": self.schema(block.child_block)})
        if isinstance(block, blocks.StaticBlock):
            return {"nullable": True, "description": "A static block carries no value."}
        return self.described(block, self.field(block))

    def described(self, block, schema):
        """``schema``, as the block's own ``get_api_schema`` amends it, if it has one."""
        describe = getattr(block, "get_api_schema", None)
        return describe(schema) if describe is not None else schema

    def named(self, block, build):
        """A component for a block class of the project's own, built once; Wagtail's stay inline."""
        if type(block).__module__.startswith("wagtail."):
            return build()
        component = ResolvedComponent(
            name=component_name(block),
            type=ResolvedComponent.SCHEMA,
            object=ComponentIdentity(type(block)),
        )
        if component not in self.registry:
            component.schema = build()
            self.registry.register_on_missing(component)
        return component.ref

    def struct(self, block):
        schema = {
            "type": "object",
            "properties": {name: self.schema(child) for name, child in block.child_blocks.items()},
            "required": list(block.child_blocks),
            "additionalProperties": False,
        }
        description = getattr(block.meta, "description", "") or ""
        if description:
            schema["description"] = str(description)
        return schema

    def stream(self, block):
        stream_name = component_name(block)
        variants = {}
        for name, child in block.child_blocks.items():
            item = {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": [name]},
                    "value": self.schema(child),
                    "id": {"type": "string", "format": "uuid"},
                },
                "required": ["type", "value", "id"],
                "additionalProperties": False,
            }
            description = getattr(child.meta, "description", "") or ""
            if description:
                item["description"] = str(description)
            component = ResolvedComponent(
                name=f"{stream_name}{camel(name)}",
                type=ResolvedComponent.SCHEMA,
                object=ComponentIdentity((type(block), name)),
                schema=item,
            )
            self.registry.register_on_missing(component)
            variants[name] = component.ref["$ref"]
        return {
            "type": "array",
            "items": {
                "oneOf": [{"$ref": ref} for ref in variants.values()],
                "discriminator": {"propertyName": "type", "mapping": variants},
            },
        }

    def field(self, block):
        description = str(block.get_description() or "")
        schema = self.field_type(block)
        if schema is None and not hasattr(block, "get_api_schema"):
            warn(
                f"cannot describe the API value of block {type(block).__qualname__}: "
                "give it a get_api_schema(self, schema) method"
            )
        schema = schema or {}
        if isinstance(block, blocks.RichTextBlock):
            description = f"{description} Rich text, as HTML (see rich_text_format).".strip()
        if description:
            schema["description"] = description
        return schema

    def field_type(self, block):
        required = block.required
        if isinstance(block, BaseChoiceBlock):
            values = [str(value) for value, _label in flat_choices(block.field.choices) if value]
            if isinstance(block, blocks.MultipleChoiceBlock):
                return {"type": "array", "items": {"type": "string", "enum": values}}
            return {"type": "string", "enum": values if required else ["", *values]}
        for block_class, string_format in STRING_BLOCKS:
            if isinstance(block, block_class):
                schema = {"type": "string"}
                if string_format and required:
                    schema["format"] = string_format
                if string_format in ("date-time", "date", "time") and not required:
                    schema["nullable"] = True
                return schema
        if isinstance(block, blocks.BooleanBlock):
            return {"type": "boolean"}
        if isinstance(block, blocks.IntegerBlock):
            return {"type": "integer", "nullable": not required}
        if isinstance(block, blocks.FloatBlock | blocks.DecimalBlock):
            return {"type": "number", "nullable": not required}
        if isinstance(block, blocks.ChooserBlock):
            # Wagtail's chooser blocks leave the API as the chosen object's id.
            return {"type": "integer", "nullable": True, "description": "The chosen object's id."}
        return None


def flat_choices(choices):
    """``(value, label)`` pairs, with grouped choices flattened."""
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield from flat_choices(label)
        else:
            yield value, label
