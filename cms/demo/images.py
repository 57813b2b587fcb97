"""Calm abstract artwork for the demo, drawn locally with Pillow.

Nothing is downloaded: each picture is a soft colour wash with blurred shapes
and its title, drawn from a seed derived from the title so the same title
always gives the same picture.
"""

import hashlib
import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _rng(text):
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
    return random.Random(seed)  # noqa: S311 - decorative layout, not security


def _font(size):
    # Pillow ships a scalable font, so no system fonts are needed.
    return ImageFont.load_default(size=max(size, 8))


def _wash(size, top, bottom):
    """A vertical gradient from ``top`` to ``bottom``."""
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _soft_shapes(size, colours, rng, count):
    width, height = size
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(count):
        radius = rng.uniform(0.15, 0.45) * height
        x, y = rng.uniform(0.3, 1.0) * width, rng.uniform(-0.1, 0.9) * height
        colour = (*_rgb(rng.choice(colours)), rng.randint(90, 160))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    return layer.filter(ImageFilter.GaussianBlur(radius=max(height // 14, 1)))


def _wrap(text, font, max_width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > max_width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _jpeg(image):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def hero_image(title, subtitle, colours, width):
    """A 16:9 illustration: colour wash, soft shapes, gentle lines and the title. JPEG bytes."""
    size = (width, width * 9 // 16)
    height = size[1]
    top, bottom, *accents, ink = colours
    rng = _rng(title)

    image = _wash(size, _rgb(top), _rgb(bottom)).convert("RGBA")
    image.alpha_composite(_soft_shapes(size, accents, rng, count=7))

    lines = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(lines)
    stroke = max(width // 400, 1)
    for i in range(4):
        offset = (i + 1) * height // 9
        box = (-width // 3, height // 2 + offset, width * 4 // 3, height * 2 + offset)
        draw.arc(box, 190, 350, fill=(255, 255, 255, 110), width=stroke)
    image.alpha_composite(lines)

    margin = width // 16
    title_font, subtitle_font = _font(height // 10), _font(height // 24)
    title_lines = _wrap(title, title_font, width * 0.6)
    draw = ImageDraw.Draw(image)
    y = height - margin - height // 24 - len(title_lines) * height // 8 - height // 30
    for line in title_lines:
        draw.text((margin, y), line, font=title_font, fill=_rgb(ink))
        y += height // 8
    draw.text((margin, y + height // 60), subtitle, font=subtitle_font, fill=_rgb(ink))
    return _jpeg(image)


def portrait_image(name, colours, width):
    """A square placeholder portrait: a soft disc with the person's initials. JPEG bytes."""
    size = (width, width)
    background, accent, ink = colours
    rng = _rng(name)
    image = _wash(size, _rgb(background), (255, 255, 255)).convert("RGBA")
    image.alpha_composite(_soft_shapes(size, [accent], rng, count=3))

    words = [w for w in name.replace("Dr. ", "").split() if w[:1].isalpha()]
    initials = "".join(w[0] for w in (words[0], words[-1])).upper()
    font = _font(width // 3)
    draw = ImageDraw.Draw(image)
    draw.text((width / 2, width / 2), initials, font=font, fill=_rgb(ink), anchor="mm")
    return _jpeg(image)
