import { Box, Text } from "ink";
import { SCREEN_TITLES, SCREENS, type Screen } from "./screen.js";

type Props = { readonly screen: Screen; readonly project: string | undefined };

export function TabBar({ screen, project }: Props) {
  return (
    <Box marginBottom={1}>
      <Text bold color="magenta">
        orbt{project === undefined ? "" : ` · ${project}`}
      </Text>
      {SCREENS.map((name, index) => (
        <Box key={name} marginLeft={2}>
          <Text bold={name === screen} inverse={name === screen} dimColor={name !== screen}>
            {` ${index + 1} ${SCREEN_TITLES[name]} `}
          </Text>
        </Box>
      ))}
    </Box>
  );
}
