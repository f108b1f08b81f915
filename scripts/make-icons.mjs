// Renders assets/icon.svg to the PNGs electron-builder packages (`npm run icons`; the results are
// committed). Uses Debian's Chromium through playwright-core: no browser download, no image library.
//   assets/icon.png          1024 px: electron-builder makes the Windows .ico from it (>= 256 px)
//   assets/icon-mac.png      1024 px on Apple's icon grid (the artwork at 824 px): the macOS .icns (>= 512 px)
//   assets/icons/NxN.png     the Linux set (AppImage and deb install each size into hicolor)
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { launchChromium } from './chromium.mjs'

const root = new URL('..', import.meta.url).pathname
const assets = join(root, 'assets')
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512]
// Apple's macOS icon template: a 1024 px canvas whose rounded square is 824 px wide. Our square is
// 480 of the SVG's 512 units, so widen the viewBox until 480 units come out at 824 px.
const MAC_VIEWBOX = (() => {
  const units = (480 * 1024) / 824
  const offset = (512 - units) / 2
  return `${offset} ${offset} ${units} ${units}`
})()

const svg = await readFile(join(assets, 'icon.svg'), 'utf8')
const browser = await launchChromium().catch((err) => {
  console.error(err.message)
  process.exit(1)
})
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 })
  const outputs = [
    { file: 'icon.png', size: 1024 },
    { file: 'icon-mac.png', size: 1024, viewBox: MAC_VIEWBOX },
    ...LINUX_SIZES.map((size) => ({ file: `icons/${size}x${size}.png`, size })),
  ]
  await mkdir(join(assets, 'icons'), { recursive: true })
  for (const { file, size, viewBox } of outputs) {
    const png = await render(page, size, viewBox)
    await check(page, png, size, file)
    await writeFile(join(assets, file), png)
    console.log(`assets/${file}  ${size}x${size}  ${png.length} bytes`)
  }
} finally {
  await browser.close()
}

/** The SVG drawn at exactly size x size px (vector, not a scaled bitmap) on a transparent page. */
async function render(page, size, viewBox) {
  const sized = svg.replace(/<svg\b([^>]*)>/, (_tag, attrs) => {
    let out = attrs.replace(/\s(width|height)="[^"]*"/g, '')
    if (viewBox) out = out.replace(/\sviewBox="[^"]*"/, ` viewBox="${viewBox}"`)
    return `<svg${out} width="${size}" height="${size}">`
  })
  await page.setViewportSize({ width: size, height: size })
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent;overflow:hidden">${sized}</body></html>`,
  )
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
}

/** Refuses to write a PNG of the wrong size, or one whose corners are not see-through. */
async function check(page, png, size, file) {
  const measured = await page.evaluate(
    async (dataUrl) => {
      const img = new Image()
      img.src = dataUrl
      await img.decode()
      const canvas = document.createElement('canvas')
      canvas.width = img.width
      canvas.height = img.height
      const ctx = canvas.getContext('2d')
      ctx.drawImage(img, 0, 0)
      const alpha = (x, y) => ctx.getImageData(x, y, 1, 1).data[3]
      const mid = Math.floor(img.width / 2)
      return {
        width: img.width,
        height: img.height,
        corner: alpha(0, 0),
        centre: alpha(mid, mid),
      }
    },
    `data:image/png;base64,${png.toString('base64')}`,
  )
  if (
    measured.width !== size ||
    measured.height !== size ||
    measured.corner !== 0 ||
    measured.centre !== 255
  ) {
    throw new Error(`assets/${file} came out wrong: ${JSON.stringify(measured)}`)
  }
}
