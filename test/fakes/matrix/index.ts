export { MatrixStandin, type MatrixStandinOptions, type UserSaysOptions } from './standin.ts';
export type { RecordedRequest, SentEvent } from './recording.ts';
export type { MatrixEvent, Membership } from './world.ts';
