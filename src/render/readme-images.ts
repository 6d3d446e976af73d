// Images a README names in its own repository are read from the local copy
// and shown through blob: URLs (the CSP allows img-src blob:). Always as
// <img>: an SVG shown that way runs no script and loads nothing, whereas one
// put inline would be part of the page.

/** The most repository images one README loads; the rest stay alt text. */
export const MAX_README_IMAGES = 64
/** The largest image file shown; a larger one stays alt text. */
export const MAX_README_IMAGE_BYTES = 8 * 1024 * 1024

const TYPES: Record<string, string> = {
  png: 'image/png',
  apng: 'image/apng',
  gif: 'image/gif',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  svg: 'image/svg+xml'
}

/** The MIME type for an image at `path`, by its extension; undefined for anything that is not an image type we show. */
export function imageType (path: string): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1].toLowerCase()
  return ext === undefined ? undefined : TYPES[ext]
}
