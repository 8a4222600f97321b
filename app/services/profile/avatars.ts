import { randomUUID } from 'node:crypto'
import { open } from 'node:fs/promises'
import drive from '@adonisjs/drive/services/main'
import logger from '@adonisjs/core/services/logger'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import { AuthErrors } from '#exceptions/auth_errors'
import type User from '#models/user'

export const AVATAR_MAX_BYTES = 2 * 1024 * 1024

type ImageType = 'jpg' | 'png' | 'webp'

/** The type from the file's first bytes; the client's name and Content-Type are not trusted. */
export function sniffImageType(head: Uint8Array): ImageType | null {
  const startsWith = (bytes: number[], offset = 0) => bytes.every((byte, i) => head[offset + i] === byte)
  if (startsWith([0xff, 0xd8, 0xff])) return 'jpg'
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  // RIFF....WEBP
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) return 'webp'
  return null
}

async function readHead(path: string, length = 16) {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await handle.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/**
 * Avatars on the default drive disk under `avatars/<random uuid>.<ext>`:
 * never the uploader's file name, and a new name on every upload so caches
 * never serve a stale picture.
 */
export default class AvatarService {
  async replace(user: User, file: MultipartFile) {
    if (file.size > AVATAR_MAX_BYTES) {
      throw AuthErrors.field('avatar', 'file.size', 'The avatar must be 2 MB or smaller')
    }
    const type = file.tmpPath ? sniffImageType(await readHead(file.tmpPath)) : null
    if (!type) {
      throw AuthErrors.field('avatar', 'file.type', 'The avatar must be a JPEG, PNG or WebP image')
    }

    const key = `avatars/${randomUUID()}.${type}`
    await file.moveToDisk(key)
    const previous = user.avatarPath
    user.avatarPath = key
    await user.save()
    if (previous) await this.deleteFile(previous)
  }

  async remove(user: User) {
    const previous = user.avatarPath
    if (!previous) return
    user.avatarPath = null
    await user.save()
    await this.deleteFile(previous)
  }

  async deleteFile(key: string) {
    try {
      await drive.use().delete(key)
    } catch (error) {
      logger.warn({ key, err: (error as Error).message }, 'could not delete an avatar file')
    }
  }
}
