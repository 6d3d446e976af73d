// Words the views show for values the app hands them.
export { KIND_LABEL } from '../net/connection-kind.js'
