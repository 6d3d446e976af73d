// isomorphic-git expects Node's Buffer as a global. Imported first by main.tsx,
// before any module that loads isomorphic-git.
import { Buffer } from 'buffer'

if ((globalThis as any).Buffer == null) (globalThis as any).Buffer = Buffer
